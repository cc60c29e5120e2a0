package io.latentwatch.stream;

import io.latentwatch.metrics.DetectorMetrics;
import io.latentwatch.model.BundleException;
import io.latentwatch.model.BundleFile;
import io.latentwatch.model.ModelBundle;
import io.latentwatch.scoring.Scorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the bundle to score with and swaps in a new one when it appears.
 *
 * <p>{@code model.path} is a bundle file, or a directory whose newest {@code .lwm} file (by
 * modification time, then name) wins; at start, when the newest cannot be used, the next newest
 * that can is loaded instead, with a warning, so that one bad drop does not stop a restart. A
 * candidate is read once it has not changed for a second, so that a bundle being copied in is not
 * read half-written. A bundle that fails its checksum, its manifest or the scorer factory's
 * self-check is refused: logged once, counted, and the model in use keeps scoring. Not thread-safe:
 * one thread calls {@link #check()}.
 */
final class ModelWatcher {

    private static final Logger log = LoggerFactory.getLogger(ModelWatcher.class);

    static final String EXTENSION = ".lwm";

    private static final long SETTLE_MILLIS = 1000;

    private final Path configured;
    private final ScorerFactory factory;
    private DetectorMetrics metrics;
    private LiveModel model;
    private FileState loaded;
    private FileState refused;
    private boolean missingLogged;
    private int refusedAtStart;

    ModelWatcher(Path configured, ScorerFactory factory) {
        this.configured = configured;
        this.factory = factory;
    }

    /** The state of one bundle file: a change to any part means a new bundle. */
    private record FileState(Path path, FileTime modified, long size) {
        static FileState of(Path path) throws IOException {
            return new FileState(path, Files.getLastModifiedTime(path), Files.size(path));
        }
    }

    /** A loaded bundle with the scorers the factory made for it. */
    record Model(ModelBundle bundle, Supplier<Scorer> scorers) {}

    /**
     * Loads the bundle the configured path names now, for the start of the detector.
     *
     * @throws io.latentwatch.LatentwatchException when there is none, or it cannot be used
     */
    Model loadInitial() {
        List<Path> candidates = candidates();
        if (candidates.isEmpty()) {
            throw new BundleException(
                    "model.path "
                            + configured
                            + (Files.isDirectory(configured)
                                    ? " holds no " + EXTENSION + " bundle"
                                    : " does not exist"));
        }
        RuntimeException first = null;
        for (Path path : candidates) {
            try {
                FileState state = FileState.of(path);
                Model model = load(path);
                loaded = state;
                return model;
            } catch (IOException | RuntimeException e) {
                RuntimeException failure =
                        e instanceof RuntimeException r
                                ? r
                                : new BundleException(
                                        "Cannot read model bundle " + path + ": " + e, e);
                refusedAtStart++;
                if (first == null) {
                    first = failure;
                    refused = stateOrNull(path);
                }
                if (candidates.size() > 1) {
                    log.warn(
                            "Model bundle refused at start path={} reason={}",
                            path,
                            failure.getMessage());
                }
            }
        }
        if (candidates.size() > 1) {
            throw new BundleException(
                    "None of the "
                            + candidates.size()
                            + " bundles in model.path "
                            + configured
                            + " can be used; the newest: "
                            + first.getMessage(),
                    first);
        }
        throw first;
    }

    /** How many newer bundles the start refused before the one it loaded. */
    int refusedAtStart() {
        return refusedAtStart;
    }

    /** The file of the bundle in use. */
    Path loadedPath() {
        return loaded.path();
    }

    private static FileState stateOrNull(Path path) {
        try {
            return FileState.of(path);
        } catch (IOException e) {
            return null;
        }
    }

    /** Replaces {@code live} from now on, counting reloads in {@code meters}. */
    void watch(LiveModel live, DetectorMetrics meters) {
        this.model = live;
        this.metrics = meters;
    }

    private Model load(Path path) {
        ModelBundle bundle = BundleFile.read(path);
        return new Model(bundle, factory.scorersFor(bundle));
    }

    /** Looks for a new bundle, and puts it in use when it is good. */
    void check() {
        Optional<Path> candidate;
        FileState state;
        try {
            candidate = newest();
            if (candidate.isEmpty()) {
                if (!missingLogged) {
                    missingLogged = true;
                    log.warn(
                            "Model path holds no bundle now path={}; still scoring with"
                                    + " version={}, but a restart would fail",
                            configured,
                            model.current().manifest().modelVersion());
                }
                return;
            }
            missingLogged = false;
            state = FileState.of(candidate.get());
        } catch (IOException | UncheckedIOException e) {
            log.debug("Cannot look for a new model path={}", configured, e);
            return;
        }
        if (state.equals(loaded) || state.equals(refused)) {
            return;
        }
        if (System.currentTimeMillis() - state.modified().toMillis() < SETTLE_MILLIS) {
            return;
        }
        String before = model.current().manifest().modelVersion();
        try {
            Model next = load(state.path());
            String version = next.bundle().manifest().modelVersion();
            loaded = state;
            if (version.equals(before)) {
                log.debug("Model file changed but its version did not version={}", version);
                return;
            }
            model.replace(next.bundle().manifest(), next.scorers());
            metrics.modelChanged(version, next.bundle().manifest().threshold());
            metrics.recordReload(true);
            log.info(
                    "Model reloaded from={} to={} threshold={} path={}",
                    before,
                    version,
                    next.bundle().manifest().threshold(),
                    state.path());
        } catch (RuntimeException e) {
            refused = state;
            metrics.recordReload(false);
            log.warn(
                    "Model reload refused path={} reason={}; still scoring with version={}",
                    state.path(),
                    e.getMessage(),
                    before);
        }
    }

    /** The bundle the configured path names now, if there is one. */
    private Optional<Path> newest() {
        return candidates().stream().findFirst();
    }

    /** The bundles the configured path names now, newest first. */
    private List<Path> candidates() {
        if (!Files.isDirectory(configured)) {
            return Files.isRegularFile(configured) ? List.of(configured) : List.of();
        }
        try (Stream<Path> files = Files.list(configured)) {
            return files.filter(p -> p.getFileName().toString().endsWith(EXTENSION))
                    .filter(Files::isRegularFile)
                    .sorted(
                            Comparator.comparing(ModelWatcher::modified)
                                    .thenComparing(p -> p.getFileName().toString())
                                    .reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
