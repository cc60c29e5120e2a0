package io.latentwatch.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The settings of {@code latentwatch detect}.
 *
 * <p>Settings come from a properties file, then from environment variables, which win: the variable
 * of a key is {@code LATENTWATCH_} plus the key in upper case with dots as underscores, e.g. {@code
 * LATENTWATCH_INPUT_TOPICS} for {@code input.topics}. Keys starting with {@code kafka.} are passed,
 * without that prefix, to the Kafka Streams client (security, SASL, TLS and any other client
 * setting). Unknown keys and bad values fail with a message naming the key, the value and the
 * reason. Instances are immutable.
 */
public final class DetectorConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String APPLICATION_ID = "application.id";
    public static final String INPUT_TOPICS = "input.topics";
    public static final String ALERT_TOPIC = "alert.topic";
    public static final String DEAD_LETTER_TOPIC = "dead.letter.topic";
    public static final String SCORES_TOPIC = "scores.topic";
    public static final String MODEL_PATH = "model.path";
    public static final String RECORD_MAX_BYTES = "record.max.bytes";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String STREAM_THREADS = "stream.threads";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String STATE_DIR = "state.dir";
    public static final String METRICS_BIND_ADDRESS = "metrics.bind.address";
    public static final String METRICS_PORT = "metrics.port";
    public static final String SUMMARY_INTERVAL_MS = "summary.interval.ms";
    public static final String INPUT_PATTERN = "input.pattern";
    public static final String RECONSTRUCTION_TOPIC = "reconstruction.topic";
    public static final String EXTRA_FEATURES = "extra.features";
    public static final String ALERT_TOP_FEATURES = "alert.top.features";
    public static final String ALERT_CELL_SIZE = "alert.cell.size";
    public static final String ALERT_SUPPRESSION_MS = "alert.suppression.ms";
    public static final String MODEL_RELOAD_INTERVAL_MS = "model.reload.interval.ms";

    /** Prefix of the settings passed through to the Kafka Streams client. */
    public static final String KAFKA_PREFIX = "kafka.";

    static final String ENV_PREFIX = "LATENTWATCH_";

    /** Environment variables of the launcher, not settings. */
    private static final Set<String> LAUNCHER_VARIABLES =
            Set.of(
                    "LATENTWATCH_JAVA_OPTS",
                    "LATENTWATCH_HOME",
                    "LATENTWATCH_CACHE",
                    "LATENTWATCH_LOG_LEVEL");

    /** Every setting: its type, default, validator and documentation. */
    public static final ConfigDef DEFINITION =
            new ConfigDef()
                    .define(
                            BOOTSTRAP_SERVERS,
                            Type.LIST,
                            "localhost:9092",
                            Importance.HIGH,
                            "Kafka brokers to connect to, host:port, comma separated.")
                    .define(
                            APPLICATION_ID,
                            Type.STRING,
                            "latentwatch-detector",
                            new ConfigDef.NonEmptyString(),
                            Importance.HIGH,
                            "Kafka Streams application id: consumer group and prefix of"
                                    + " internal topics. Instances with the same id share the input"
                                    + " partitions.")
                    .define(
                            INPUT_TOPICS,
                            Type.LIST,
                            "",
                            ConfigDef.ValidList.anyNonDuplicateValues(true, false),
                            Importance.HIGH,
                            "Topics to read records from, comma separated. Set this or "
                                    + INPUT_PATTERN
                                    + ", not both.")
                    .define(
                            INPUT_PATTERN,
                            Type.STRING,
                            "",
                            Importance.HIGH,
                            "Java regular expression of the topics to read records from, e.g."
                                    + " sensors-.*; topics created later that match are read too."
                                    + " Set this or "
                                    + INPUT_TOPICS
                                    + ", not both.")
                    .define(
                            ALERT_TOPIC,
                            Type.STRING,
                            "latentwatch-alerts",
                            new ConfigDef.NonEmptyString(),
                            Importance.HIGH,
                            "Topic that receives one JSON alert per anomaly.")
                    .define(
                            DEAD_LETTER_TOPIC,
                            Type.STRING,
                            "latentwatch-dead-letters",
                            new ConfigDef.NonEmptyString(),
                            Importance.HIGH,
                            "Topic that receives records that cannot be scored, with the reason.")
                    .define(
                            SCORES_TOPIC,
                            Type.STRING,
                            "",
                            Importance.LOW,
                            "Topic that receives the score of every scored record; empty for none.")
                    .define(
                            RECONSTRUCTION_TOPIC,
                            Type.STRING,
                            "",
                            Importance.LOW,
                            "Topic that receives every scored record as the network reconstructs"
                                    + " it (the denoised record), in the input format; empty for"
                                    + " none.")
                    .define(
                            EXTRA_FEATURES,
                            Type.STRING,
                            "ignore",
                            ValidString.in("ignore", "reject"),
                            Importance.MEDIUM,
                            "What to do with a sensor record that has features the model does"
                                    + " not know: ignore them, or reject the record to the"
                                    + " dead-letter topic as UNKNOWN_FEATURE.")
                    .define(
                            ALERT_TOP_FEATURES,
                            Type.INT,
                            5,
                            Range.between(0, 1000),
                            Importance.LOW,
                            "How many features (or image cells) with the largest reconstruction"
                                    + " error an alert lists in its explanation; 0 for none.")
                    .define(
                            ALERT_CELL_SIZE,
                            Type.INT,
                            4,
                            Range.between(1, 1024),
                            Importance.LOW,
                            "Side, in pixels, of the square cells an image alert's explanation"
                                    + " groups pixels into.")
                    .define(
                            ALERT_SUPPRESSION_MS,
                            Type.LONG,
                            0L,
                            Range.atLeast(0),
                            Importance.MEDIUM,
                            "At most one alert per source per this many milliseconds of event"
                                    + " time; later anomalies of the source within the window are"
                                    + " counted, and the next alert says how many. 0 turns"
                                    + " suppression off. Its state is a changelogged state store,"
                                    + " so it survives restarts; it is kept per input partition,"
                                    + " so key records by source.")
                    .define(
                            MODEL_PATH,
                            Type.STRING,
                            ConfigDef.NO_DEFAULT_VALUE,
                            new ConfigDef.NonEmptyString(),
                            Importance.HIGH,
                            "Path of the model bundle file written by latentwatch train, or of a"
                                    + " directory of them, where the newest .lwm file wins.")
                    .define(
                            MODEL_RELOAD_INTERVAL_MS,
                            Type.LONG,
                            10_000L,
                            Range.atLeast(0),
                            Importance.MEDIUM,
                            "How often model.path is checked for a new bundle, in milliseconds;"
                                    + " 0 turns reloading off.")
                    .define(
                            RECORD_MAX_BYTES,
                            Type.INT,
                            1 << 20,
                            Range.between(2, Integer.MAX_VALUE),
                            Importance.MEDIUM,
                            "Largest record value accepted, in bytes; larger ones are"
                                    + " dead-lettered as OVERSIZED.")
                    .define(
                            PROCESSING_GUARANTEE,
                            Type.STRING,
                            "at_least_once",
                            ValidString.in("at_least_once", "exactly_once_v2"),
                            Importance.MEDIUM,
                            "Kafka Streams processing guarantee.")
                    .define(
                            STREAM_THREADS,
                            Type.INT,
                            1,
                            Range.between(1, 64),
                            Importance.MEDIUM,
                            "Stream threads. They share one thread-safe scorer; scoring one record takes no"
                                    + " lock.")
                    .define(
                            COMMIT_INTERVAL_MS,
                            Type.LONG,
                            1000L,
                            Range.atLeast(1),
                            Importance.LOW,
                            "How often offsets are committed, in milliseconds.")
                    .define(
                            STATE_DIR,
                            Type.STRING,
                            "",
                            Importance.LOW,
                            "Kafka Streams state directory; empty for a folder under"
                                    + " java.io.tmpdir.")
                    .define(
                            METRICS_BIND_ADDRESS,
                            Type.STRING,
                            "127.0.0.1",
                            new ConfigDef.NonEmptyString(),
                            Importance.MEDIUM,
                            "Address the /metrics endpoint listens on.")
                    .define(
                            METRICS_PORT,
                            Type.INT,
                            9464,
                            Range.between(0, 65535),
                            Importance.MEDIUM,
                            "Port of the /metrics endpoint; 0 picks a free port.")
                    .define(
                            SUMMARY_INTERVAL_MS,
                            Type.LONG,
                            30_000L,
                            Range.atLeast(0),
                            Importance.LOW,
                            "How often a one-line summary is logged, in milliseconds; 0 for"
                                    + " never.");

    private final Map<String, Object> values;
    private final Map<String, String> kafka;

    private DetectorConfig(Map<String, Object> values, Map<String, String> kafka) {
        this.values = values;
        this.kafka = kafka;
    }

    /** Loads a properties file and applies the environment of this process on top of it. */
    public static DetectorConfig load(Path file) {
        return fromProperties(readFile(file), System.getenv(), file.toString());
    }

    /**
     * Builds a configuration from settings and environment variables.
     *
     * @param origin where the settings came from, for messages
     */
    public static DetectorConfig fromProperties(
            Map<String, String> settings, Map<String, String> environment, String origin) {
        Map<String, String> merged = new LinkedHashMap<>(settings);
        Map<String, String> fromEnvironment = fromEnvironment(environment);
        merged.putAll(fromEnvironment);
        Map<String, String> kafka = new LinkedHashMap<>();
        Map<String, String> own = new LinkedHashMap<>();
        Set<String> unknown = new TreeSet<>();
        merged.forEach(
                (key, value) -> {
                    if (key.startsWith(KAFKA_PREFIX) && key.length() > KAFKA_PREFIX.length()) {
                        kafka.put(key.substring(KAFKA_PREFIX.length()), value);
                    } else if (DEFINITION.names().contains(key)) {
                        own.put(key, value);
                    } else {
                        unknown.add(key);
                    }
                });
        if (!unknown.isEmpty()) {
            throw new ConfigurationException(
                    origin
                            + ": unknown setting(s) "
                            + unknown
                            + "; known settings are "
                            + new TreeSet<>(DEFINITION.names())
                            + " and kafka.* pass-through");
        }
        try {
            DetectorConfig config = new DetectorConfig(DEFINITION.parse(own), Map.copyOf(kafka));
            config.checkInputs(origin);
            return config;
        } catch (ConfigException e) {
            String where =
                    fromEnvironment.keySet().stream()
                            .filter(key -> e.getMessage().contains("configuration " + key))
                            .map(key -> "environment variable " + variableOf(key))
                            .findFirst()
                            .orElse(origin);
            String hint =
                    DEFINITION.names().stream()
                            .filter(
                                    key ->
                                            e.getMessage()
                                                    .contains(
                                                            "Missing required configuration \""
                                                                    + key
                                                                    + "\""))
                            .map(key -> "; set " + key + " or " + variableOf(key))
                            .findFirst()
                            .orElse("");
            throw new ConfigurationException(where + ": " + e.getMessage() + hint, e);
        }
    }

    private void checkInputs(String origin) {
        boolean topics = !inputTopics().isEmpty();
        boolean pattern = !inputPattern().isEmpty();
        if (topics == pattern) {
            throw new ConfigurationException(
                    origin
                            + ": set exactly one of "
                            + INPUT_TOPICS
                            + " and "
                            + INPUT_PATTERN
                            + (topics ? ", not both" : "; neither is set"));
        }
        if (pattern) {
            try {
                java.util.regex.Pattern.compile(inputPattern());
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new ConfigurationException(
                        origin
                                + ": "
                                + INPUT_PATTERN
                                + " is not a valid regular expression: "
                                + e.getDescription()
                                + " near index "
                                + e.getIndex());
            }
        }
    }

    /** The environment variable that overrides {@code key}. */
    static String variableOf(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> settings = new LinkedHashMap<>();
        Set<String> unknown = new TreeSet<>();
        environment.forEach(
                (name, value) -> {
                    if (!name.startsWith(ENV_PREFIX) || LAUNCHER_VARIABLES.contains(name)) {
                        return;
                    }
                    String key =
                            name.substring(ENV_PREFIX.length())
                                    .toLowerCase(Locale.ROOT)
                                    .replace('_', '.');
                    if (DEFINITION.names().contains(key) || key.startsWith(KAFKA_PREFIX)) {
                        settings.put(key, value);
                    } else {
                        unknown.add(name);
                    }
                });
        if (!unknown.isEmpty()) {
            throw new ConfigurationException(
                    "environment: unknown variable(s) "
                            + unknown
                            + "; a setting's variable is "
                            + ENV_PREFIX
                            + " plus its key in upper case with dots as underscores");
        }
        return settings;
    }

    private static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("Config file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException(
                    "Config file " + file + " cannot be read: " + e.getMessage(), e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        properties
                .stringPropertyNames()
                .forEach(k -> map.put(k.trim(), properties.getProperty(k).trim()));
        return map;
    }

    public List<String> bootstrapServers() {
        return list(BOOTSTRAP_SERVERS);
    }

    public String applicationId() {
        return (String) values.get(APPLICATION_ID);
    }

    public List<String> inputTopics() {
        return list(INPUT_TOPICS);
    }

    public String alertTopic() {
        return (String) values.get(ALERT_TOPIC);
    }

    public String deadLetterTopic() {
        return (String) values.get(DEAD_LETTER_TOPIC);
    }

    /** The scores topic, or an empty string when scores are not written. */
    public String scoresTopic() {
        return ((String) values.get(SCORES_TOPIC)).trim();
    }

    public Path modelPath() {
        return Path.of((String) values.get(MODEL_PATH));
    }

    public int recordMaxBytes() {
        return (Integer) values.get(RECORD_MAX_BYTES);
    }

    public String processingGuarantee() {
        return (String) values.get(PROCESSING_GUARANTEE);
    }

    public int streamThreads() {
        return (Integer) values.get(STREAM_THREADS);
    }

    public long commitIntervalMs() {
        return (Long) values.get(COMMIT_INTERVAL_MS);
    }

    /** The state directory, or an empty string for the default. */
    public String stateDir() {
        return (String) values.get(STATE_DIR);
    }

    public String metricsBindAddress() {
        return (String) values.get(METRICS_BIND_ADDRESS);
    }

    public int metricsPort() {
        return (Integer) values.get(METRICS_PORT);
    }

    public long summaryIntervalMs() {
        return (Long) values.get(SUMMARY_INTERVAL_MS);
    }

    /** The input topic pattern, or an empty string when input topics are listed. */
    public String inputPattern() {
        return ((String) values.get(INPUT_PATTERN)).trim();
    }

    /** The reconstruction topic, or an empty string when reconstructions are not written. */
    public String reconstructionTopic() {
        return ((String) values.get(RECONSTRUCTION_TOPIC)).trim();
    }

    /** Whether records with features the model does not know are rejected. */
    public boolean rejectsExtraFeatures() {
        return "reject".equals(values.get(EXTRA_FEATURES));
    }

    public int alertTopFeatures() {
        return (Integer) values.get(ALERT_TOP_FEATURES);
    }

    public int alertCellSize() {
        return (Integer) values.get(ALERT_CELL_SIZE);
    }

    public long alertSuppressionMs() {
        return (Long) values.get(ALERT_SUPPRESSION_MS);
    }

    public long modelReloadIntervalMs() {
        return (Long) values.get(MODEL_RELOAD_INTERVAL_MS);
    }

    /** The {@code kafka.*} settings with the prefix removed, for the Kafka Streams client. */
    public Map<String, String> kafkaSettings() {
        return kafka;
    }

    /**
     * Every setting as {@code key=value} lines for the startup log, with the values of keys that
     * look secret (passwords, keys, secrets, JAAS configs) masked.
     */
    public String describe() {
        StringBuilder out = new StringBuilder();
        new TreeSet<>(values.keySet())
                .forEach(k -> out.append(k).append('=').append(value(k)).append(' '));
        new TreeSet<>(kafka.keySet())
                .forEach(
                        k ->
                                out.append(KAFKA_PREFIX)
                                        .append(k)
                                        .append('=')
                                        .append(isSecret(k) ? "[hidden]" : kafka.get(k))
                                        .append(' '));
        return out.toString().trim();
    }

    private Object value(String key) {
        Object value = values.get(key);
        return value instanceof List<?> l
                ? String.join(",", l.stream().map(String::valueOf).toList())
                : value instanceof Password ? "[hidden]" : value;
    }

    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password")
                || k.contains("secret")
                || k.contains("jaas")
                || k.endsWith(".key")
                || k.contains("token")
                || k.contains("credential");
    }

    @SuppressWarnings("unchecked")
    private List<String> list(String key) {
        return (List<String>) values.get(key);
    }
}
