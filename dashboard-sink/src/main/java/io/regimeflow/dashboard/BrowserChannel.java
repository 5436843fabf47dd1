package io.regimeflow.dashboard;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** The browsers watching: each gets the state when it connects, then every update. */
final class BrowserChannel {
    private final LiveState state;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();

    BrowserChannel(LiveState state) {
        this.state = state;
    }

    Session.Listener.AutoDemanding endpoint() {
        return new BrowserEndpoint(this);
    }

    /** A browser's socket: receives only; what it sends is ignored. Public: Jetty calls it. */
    public static final class BrowserEndpoint implements Session.Listener.AutoDemanding {
        private final BrowserChannel channel;
        private Session session;

        BrowserEndpoint(BrowserChannel channel) {
            this.channel = channel;
        }

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
            // Added before the state is sent: an update in between then arrives twice (harmless,
            // the page keys everything by time and id) rather than never.
            channel.sessions.add(s);
            s.sendText(channel.state.stateMessage(), Callback.NOOP);
        }

        @Override
        public void onWebSocketClose(int status, String reason) {
            channel.sessions.remove(session);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            channel.sessions.remove(session);
        }
    }

    void broadcast(String message) {
        for (Session s : sessions) {
            if (s.isOpen()) {
                s.sendText(message, Callback.NOOP);
            } else {
                sessions.remove(s);
            }
        }
    }

    int size() {
        return sessions.size();
    }
}
