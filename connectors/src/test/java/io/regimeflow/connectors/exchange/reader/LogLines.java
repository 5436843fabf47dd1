package io.regimeflow.connectors.exchange.reader;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * The lines a class logs at INFO and above while this is open, as "LEVEL message": what a user
 * reads on the console of a local run. They still go to the console too.
 */
final class LogLines implements AutoCloseable {
    private final String name;
    private final List<String> lines = new ArrayList<>();
    private final AbstractAppender appender;

    LogLines(Class<?> logger) {
        name = logger.getName();
        appender = new AbstractAppender("lines-of-" + logger.getSimpleName(), null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                synchronized (lines) {
                    lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
                }
            }
        };
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        LoggerConfig own = new LoggerConfig(name, Level.INFO, true);
        own.addAppender(appender, Level.INFO, null);
        config.addLogger(name, own);
        context.updateLoggers();
    }

    /** The lines so far that contain {@code text}. */
    List<String> containing(String text) {
        synchronized (lines) {
            return new ArrayList<>(lines.stream().filter(l -> l.contains(text)).toList());
        }
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().removeLogger(name);
        context.updateLoggers();
        appender.stop();
    }
}
