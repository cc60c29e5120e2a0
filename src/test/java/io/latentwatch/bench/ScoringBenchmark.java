package io.latentwatch.bench;

import io.latentwatch.model.BundleFile;
import io.latentwatch.model.ModelBundle;
import io.latentwatch.model.SelfCheck;
import io.latentwatch.scoring.Dl4jScorer;
import io.latentwatch.scoring.EngineScorer;
import io.latentwatch.scoring.Score;
import io.latentwatch.scoring.Scorer;
import io.latentwatch.scoring.Scorers;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Rows scored per second by one thread: the engine one row per call, DL4J one row per {@code
 * output()} call, and DL4J {@value #BATCH} rows per call. The rows are the bundle's self-check rows
 * (real validation records), scaled by the scorer as in the detector.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScoringBenchmark {

    /** Rows per DL4J call in the batched benchmark. */
    public static final int BATCH = 256;

    /** The model bundle file to score with. */
    @Param({""})
    public String bundle;

    private Scorer engine;
    private Dl4jScorer dl4j;
    private float[][] rows;
    private int next;

    /** Loads the bundle, and refuses an engine that does not match DL4J. */
    @Setup(Level.Trial)
    public void setUp() {
        ModelBundle loaded = BundleFile.read(Path.of(bundle));
        engine = Scorers.forBundle(loaded);
        if (!(engine instanceof EngineScorer)) {
            throw new IllegalStateException("Scorers.forBundle fell back to DL4J for " + bundle);
        }
        dl4j = new Dl4jScorer(loaded);
        SelfCheck check = loaded.storedSelfCheck().orElseThrow();
        rows = new float[BATCH][];
        for (int r = 0; r < BATCH; r++) {
            rows[r] = check.row(r % check.size());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        dl4j.close();
    }

    private float[] nextRow() {
        next = (next + 1) % BATCH;
        return rows[next];
    }

    @Benchmark
    public Score engineRow() {
        return engine.score(nextRow());
    }

    @Benchmark
    public Score dl4jRow() {
        return dl4j.score(nextRow());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Score[] dl4jBatch() {
        return dl4j.scoreAll(rows);
    }
}
