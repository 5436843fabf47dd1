package io.regimeflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.regimeflow.job.config.CommandLine;
import io.regimeflow.job.config.ConfigLoader;
import io.regimeflow.job.config.RegimeflowConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/ cannot be run here (no Docker engine), so what can be checked without one is: the
 * compose file is valid and self-consistent, the image is the Flink version the job is built
 * against, the paths it copies are the paths the build makes, the job configuration inside is
 * one the job accepts, and the README names every service.
 */
class DeploymentFilesTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static String pomProperty(String name) throws Exception {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

    /**
     * The compose file as Compose reads it: SnakeYAML (under Jackson's YAML module) resolves
     * the anchors and merge keys ({@code <<: *flink}) that Jackson's tree model leaves as text.
     */
    static JsonNode compose() throws Exception {
        Object tree = new Yaml().load(
                Files.readString(ROOT.resolve("docker/docker-compose.yml")));
        return YAML.valueToTree(tree);
    }

    @Test
    void theComposeFileHasTheClusterAndEveryServiceItNeedsAndNoDanglingReferences()
            throws Exception {
        JsonNode services = compose().path("services");
        Set<String> names = new HashSet<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("jobmanager", "taskmanager", "postgres", "kafka",
                "dashboard", "submit");
        // One TaskManager of 2 GiB by default: a laptop's share (--scale taskmanager=2 for two).
        assertThat(services.path("taskmanager").path("deploy").path("replicas").asInt())
                .isEqualTo(1);
        assertThat(services.path("jobmanager").path("command").asText()).isEqualTo("jobmanager");
        assertThat(services.path("taskmanager").path("command").asText())
                .isEqualTo("taskmanager");
        Set<String> volumes = new HashSet<>();
        compose().path("volumes").fieldNames().forEachRemaining(volumes::add);
        for (String name : names) {
            JsonNode s = services.path(name);
            assertThat(s.has("image") || s.has("build")).as(name + " has an image").isTrue();
            JsonNode deps = s.path("depends_on");
            List<String> needs = new ArrayList<>();
            if (deps.isArray()) {
                deps.forEach(d -> needs.add(d.asText()));
            } else {
                deps.fieldNames().forEachRemaining(needs::add);
            }
            assertThat(names).as(name + " depends on services that exist").containsAll(needs);
            for (JsonNode v : s.path("volumes")) {
                String source = v.asText().split(":")[0];
                if (!source.startsWith("/") && !source.startsWith(".")) {
                    assertThat(volumes).as(name + " uses a declared volume").contains(source);
                }
            }
        }
        // TaskManagers find the JobManager by the name flink-conf/config.yaml gives it.
        JsonNode flinkConf = YAML.readTree(ROOT.resolve("flink-conf/config.yaml").toFile());
        assertThat(flinkConf.path("jobmanager").path("rpc").path("address").asText())
                .isEqualTo("jobmanager");
        assertThat(flinkConf.path("rest").path("address").asText()).isEqualTo("jobmanager");
    }

    @Test
    void theImageIsTheFlinkVersionWeBuildAgainstAndCopiesWhatTheBuildMakes() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile"));
        assertThat(dockerfile).contains("FROM flink:" + pomProperty("flink.version")
                + "-java17");
        String version = pomProperty("version");
        assertThat(dockerfile).contains("/src/job/target/regimeflow-job-" + version + ".jar "
                + "/opt/flink/usrlib/regimeflow-job.jar");
        // In the image (the last stage) everything copied belongs to flink, the user it runs as.
        assertThat(dockerfile.substring(dockerfile.indexOf("FROM flink:")))
                .doesNotContainPattern("(?m)^COPY (?!--chown=flink:flink)");
        assertThat(dockerfile).contains("/src/dashboard-sink/target/regimeflow-dashboard-sink-"
                + version + "-hub.jar /opt/regimeflow/dashboard-hub.jar");
        // The build this test runs in made those jars under the same names.
        assertThat(ROOT.resolve("job/target/classes")).isDirectory();
        assertThat(Files.readString(ROOT.resolve("job/pom.xml")))
                .contains("<finalName>regimeflow-job-${project.version}</finalName>");

        JsonNode services = compose().path("services");
        assertThat(services.path("submit").path("command").toString())
                .contains("/opt/flink/usrlib/regimeflow-job.jar")
                .contains("/opt/regimeflow/regimeflow.yaml");
        assertThat(services.path("dashboard").path("entrypoint").toString())
                .contains("/opt/regimeflow/dashboard-hub.jar");
        assertThat(dockerfile).contains("COPY --chown=flink:flink docker/regimeflow.yaml "
                + "/opt/regimeflow/regimeflow.yaml").contains("COPY --chown=flink:flink "
                + "flink-conf/config.yaml /opt/flink/conf/config.yaml");
        // Kafka's image is the release the connector and the test broker use.
        assertThat(services.path("kafka").path("image").asText())
                .isEqualTo("apache/kafka:" + pomProperty("kafka.version"));
    }

    @Test
    void theJobConfigurationInTheImageIsOneTheJobAccepts() throws Exception {
        JsonNode submit = compose().path("services").path("submit").path("environment");
        Map<String, String> env = Map.of(
                "REGIMEFLOW_SINKS_JDBC_PASSWORD", submit.path("REGIMEFLOW_SINKS_JDBC_PASSWORD")
                        .asText(),
                "REGIMEFLOW_DASHBOARD_INGEST_TOKEN",
                submit.path("REGIMEFLOW_DASHBOARD_INGEST_TOKEN").asText());
        RegimeflowConfig c = ConfigLoader.load(CommandLine.parse("--config",
                "docker/regimeflow.yaml"), env, ROOT);
        assertThat(c.sinks().jdbc().url()).startsWith("jdbc:postgresql://postgres:5432/");
        assertThat(c.sinks().kafka().bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(c.dashboard().hubUrl()).isEqualTo("ws://dashboard:8088/ingest");
        // The hub and the job agree on the token.
        JsonNode hub = compose().path("services").path("dashboard").path("environment");
        assertThat(c.dashboard().ingestToken())
                .isEqualTo(hub.path("REGIMEFLOW_DASHBOARD_INGEST_TOKEN").asText());
        assertThat(c.checkpointing().dir()).isEqualTo("file:///opt/flink/checkpoints");
    }

    @Test
    void theReadmeExplainsTheClusterAndNamesEveryService() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int at = readme.indexOf("## Running on a cluster");
        assertThat(at).isPositive();
        String section = readme.substring(at, readme.indexOf("\n## ", at + 5));
        compose().path("services").fieldNames().forEachRemaining(name ->
                assertThat(section).as("README cluster section names " + name)
                        .contains("`" + name + "`"));
        assertThat(section).contains("flink run", "flink stop --savepointPath", "-s ");
    }

    /**
     * The official image runs as user flink: every path a named volume is mounted on exists in
     * the image and belongs to flink (a new named volume takes the owner of its mount point:
     * root's, for a path the image does not have), and the containers are told where the
     * JobManager is (FLINK_PROPERTIES, which the image's entrypoint writes into config.yaml).
     */
    @Test
    void theContainersCanWriteTheirVolumesAndFindTheJobManager() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile"));
        Matcher chown = Pattern.compile("chown flink:flink ([^\\n]+)").matcher(dockerfile);
        assertThat(chown.find()).as("a chown to flink in the Dockerfile").isTrue();
        List<String> owned = List.of(chown.group(1).trim().split("\\s+"));
        JsonNode services = compose().path("services");
        for (String name : List.of("jobmanager", "taskmanager", "submit")) {
            for (JsonNode v : services.path(name).path("volumes")) {
                String[] parts = v.asText().split(":");
                assertThat(owned).as(name + " mounts " + parts[1]).contains(parts[1]);
                assertThat(dockerfile).contains("mkdir -p").contains(parts[1]);
            }
        }
        for (String name : List.of("jobmanager", "taskmanager")) {
            assertThat(services.path(name).path("environment").path("FLINK_PROPERTIES")
                    .asText()).as(name).contains("jobmanager.rpc.address: jobmanager");
        }
        assertThat(ROOT.resolve(".dockerignore")).content().contains("**/target", ".git");
        assertThat(ROOT.resolve("docker/.env")).content()
                .contains("COMPOSE_PROJECT_NAME=regimeflow");
    }

    /** The compose TaskManager's size over the production configuration adds up in Flink. */
    @Test
    void theComposeTaskManagerSizeIsOneFlinkAccepts() throws Exception {
        Configuration conf = GlobalConfiguration.loadConfiguration(
                ROOT.resolve("flink-conf").toString());
        String properties = compose().path("services").path("taskmanager").path("environment")
                .path("FLINK_PROPERTIES").asText();
        for (String line : properties.split("\\R")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                conf.setString(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        TaskExecutorProcessSpec tm = TaskExecutorProcessUtils.processSpecFromConfig(conf);
        assertThat(tm.getTotalProcessMemorySize().getMebiBytes()).isEqualTo(2048);
        assertThat(tm.getTaskHeapSize().getMebiBytes()).isGreaterThanOrEqualTo(384);
        assertThat(tm.getManagedMemorySize().getMebiBytes()).isGreaterThanOrEqualTo(512);
    }

    /**
     * The compose file passes the compose tool's own validation: Debian's docker-compose
     * (installed by .ci/run; the test is skipped where it is absent).
     */
    @Test
    void theComposeToolAcceptsTheFile() throws Exception {
        Path tool = Path.of("/usr/bin/docker-compose");
        Assumptions.assumeTrue(Files.isExecutable(tool), "no " + tool);
        Process p = new ProcessBuilder(tool.toString(), "-f", "docker/docker-compose.yml",
                "config", "-q").directory(ROOT.toFile()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(said).isZero();
    }
}
