package io.latentwatch.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Reads and writes model bundle files.
 *
 * <p>A bundle is one zip file with {@code manifest.json}, {@code network.zip} (the DL4J network),
 * optionally {@code pca.json} (the PCA baseline) and {@code selfcheck.json} (sample records with
 * their training-time reconstruction errors), and {@code SHA256SUMS}, which holds the SHA-256 of
 * every other part in the format of {@code sha256sum}. Reading checks every checksum before
 * anything is parsed, so a truncated or altered bundle is refused with the name of the part that
 * does not match.
 */
public final class BundleFile {

    static final String MANIFEST = "manifest.json";
    static final String NETWORK = "network.zip";
    static final String CHECKSUMS = "SHA256SUMS";
    static final String BASELINE = "pca.json";
    static final String SELF_CHECK = "selfcheck.json";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper JSON_COMPACT = new ObjectMapper();

    private BundleFile() {}

    /** Writes {@code bundle} to {@code path} atomically: readers never see half a bundle. */
    public static void write(ModelBundle bundle, Path path) {
        try {
            byte[] manifest = JSON.writeValueAsBytes(bundle.manifest());
            byte[] network = networkBytes(bundle.network());
            Map<String, byte[]> parts = new LinkedHashMap<>();
            parts.put(MANIFEST, manifest);
            parts.put(NETWORK, network);
            if (bundle.baseline() != null) {
                parts.put(BASELINE, JSON_COMPACT.writeValueAsBytes(bundle.baseline()));
            }
            if (bundle.selfCheck() != null) {
                parts.put(SELF_CHECK, JSON_COMPACT.writeValueAsBytes(bundle.selfCheck()));
            }
            StringBuilder sums = new StringBuilder();
            parts.forEach(
                    (name, bytes) ->
                            sums.append(sha256Hex(bytes)).append("  ").append(name).append('\n'));
            Path parent = path.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, ".bundle-", ".tmp");
            try (OutputStream out = Files.newOutputStream(temp);
                    ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, byte[]> part : parts.entrySet()) {
                    putEntry(zip, part.getKey(), part.getValue());
                }
                putEntry(zip, CHECKSUMS, sums.toString().getBytes(StandardCharsets.UTF_8));
            }
            readableByAll(temp);
            Files.move(
                    temp,
                    path,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BundleException(
                    "Cannot write model bundle " + path + ": " + e.getMessage(), e);
        }
    }

    /** Temporary files are private; a bundle is read by detectors running as other users. */
    private static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(
                    file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /**
     * Reads and verifies the bundle at {@code path}.
     *
     * @throws BundleException naming the file and the part that is missing, altered or invalid
     */
    public static ModelBundle read(Path path) {
        Map<String, byte[]> entries = readEntries(path);
        verifyChecksums(path, entries);
        Manifest manifest = parseManifest(path, entries.get(MANIFEST));
        MultiLayerNetwork network = parseNetwork(path, entries.get(NETWORK));
        checkShape(path, manifest, network);
        return new ModelBundle(
                manifest,
                network,
                parseBaseline(path, entries.get(BASELINE)),
                parseSelfCheck(path, manifest, entries.get(SELF_CHECK)));
    }

    /** Reads only the manifest of a bundle, after checking its checksum. */
    public static Manifest readManifest(Path path) {
        Map<String, byte[]> entries = readEntries(path);
        verifyChecksums(path, entries);
        return parseManifest(path, entries.get(MANIFEST));
    }

    private static Map<String, byte[]> readEntries(Path path) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(path);
                ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        } catch (NoSuchFileException e) {
            throw new BundleException("Model bundle " + path + " does not exist");
        } catch (IOException e) {
            throw new BundleException(
                    "Model bundle " + path + " is not a readable bundle file: " + e.getMessage(),
                    e);
        }
        for (String name : new String[] {MANIFEST, NETWORK, CHECKSUMS}) {
            if (!entries.containsKey(name)) {
                throw new BundleException(
                        "Model bundle "
                                + path
                                + " has no part '"
                                + name
                                + "' (parts found: "
                                + entries.keySet()
                                + ")");
            }
        }
        return entries;
    }

    private static void verifyChecksums(Path path, Map<String, byte[]> entries) {
        Map<String, String> expected = parseSums(path, entries.get(CHECKSUMS));
        for (String part : entries.keySet()) {
            if (part.equals(CHECKSUMS)) {
                continue;
            }
            String want = expected.get(part);
            if (want == null) {
                throw new BundleException(
                        "Model bundle "
                                + path
                                + ": "
                                + CHECKSUMS
                                + " lists no checksum for "
                                + part);
            }
            String got = sha256Hex(entries.get(part));
            if (!got.equals(want)) {
                throw new BundleException(
                        String.format(
                                "Model bundle %s: part %s fails its SHA-256 check (expected %s,"
                                        + " found %s); the file is corrupted or was altered",
                                path, part, want, got));
            }
        }
    }

    private static Map<String, String> parseSums(Path path, byte[] sums) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : new String(sums, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split("\\s+", 2);
            if (parts.length != 2) {
                throw new BundleException(
                        "Model bundle " + path + ": bad line in " + CHECKSUMS + ": '" + line + "'");
            }
            map.put(parts[1].replaceFirst("^\\*", ""), parts[0]);
        }
        return map;
    }

    private static Manifest parseManifest(Path path, byte[] bytes) {
        try {
            return JSON.readValue(bytes, Manifest.class);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof BundleException b ? b : e;
            throw new BundleException(
                    "Model bundle " + path + ": " + MANIFEST + " is invalid: " + cause.getMessage(),
                    e);
        }
    }

    private static PcaBaseline parseBaseline(Path path, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return JSON.readValue(bytes, PcaBaseline.class);
        } catch (IOException e) {
            throw new BundleException(
                    "Model bundle " + path + ": " + BASELINE + " is invalid: " + e.getMessage(), e);
        }
    }

    private static SelfCheck parseSelfCheck(Path path, Manifest manifest, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        SelfCheck check;
        try {
            check = JSON.readValue(bytes, SelfCheck.class);
        } catch (IOException e) {
            throw new BundleException(
                    "Model bundle " + path + ": " + SELF_CHECK + " is invalid: " + e.getMessage(),
                    e);
        }
        List<float[]> rows = check.rows();
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).length != manifest.featureCount()) {
                throw new BundleException(
                        String.format(
                                "Model bundle %s: %s row %d has %d values, the manifest lists %d"
                                        + " features",
                                path, SELF_CHECK, r, rows.get(r).length, manifest.featureCount()));
            }
        }
        return check;
    }

    private static MultiLayerNetwork parseNetwork(Path path, byte[] bytes) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false);
        } catch (IOException | RuntimeException e) {
            throw new BundleException(
                    "Model bundle "
                            + path
                            + ": "
                            + NETWORK
                            + " is not a DL4J network: "
                            + e.getMessage(),
                    e);
        }
    }

    private static void checkShape(Path path, Manifest manifest, MultiLayerNetwork network) {
        long inputs = network.layerInputSize(0);
        long outputs = network.layerSize(network.getnLayers() - 1);
        if (inputs != manifest.featureCount() || outputs != manifest.featureCount()) {
            throw new BundleException(
                    String.format(
                            "Model bundle %s: the network maps %d inputs to %d outputs, but the"
                                    + " manifest lists %d features",
                            path, inputs, outputs, manifest.featureCount()));
        }
    }

    private static byte[] networkBytes(MultiLayerNetwork network) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, out, false);
        return out.toByteArray();
    }

    private static void putEntry(ZipOutputStream zip, String name, byte[] bytes)
            throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /** SHA-256 of {@code bytes} in lowercase hex. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
