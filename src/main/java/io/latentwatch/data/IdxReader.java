package io.latentwatch.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reads images and labels in the IDX format of MNIST and Fashion-MNIST, gzipped or not.
 *
 * <p>The format is a big-endian header (magic number, then one count per dimension) followed by one
 * unsigned byte per value. Pixel values are kept as they are, 0 to 255.
 */
public final class IdxReader {

    private static final int UNSIGNED_BYTE_TYPE = 0x08;

    private IdxReader() {}

    /**
     * Reads an image file and, when {@code labels} is not null, its label file.
     *
     * @param name the dataset name for messages
     * @param images the image file (IDX3)
     * @param labels the label file (IDX1), or {@code null}
     */
    public static Dataset read(String name, Source images, Source labels) {
        Images read = readImages(images);
        int[] labelValues = labels == null ? null : readLabels(labels, read.rows().length);
        return new Dataset(
                name, Dataset.pixelNames(read.shape()), read.rows(), labelValues, read.shape());
    }

    private static Images readImages(Source source) {
        try (DataInputStream in = open(source)) {
            int dims = readMagic(in, source, 3);
            int count = in.readInt();
            int height = in.readInt();
            int width = in.readInt();
            ImageShape shape = new ImageShape(width, height);
            float[][] rows = new float[count][];
            byte[] buffer = new byte[shape.pixels()];
            for (int r = 0; r < count; r++) {
                in.readFully(buffer);
                rows[r] = ImageShape.unsignedPixels(buffer);
            }
            assert dims == 3;
            return new Images(rows, shape);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DataException(source.name() + " does not exist");
        } catch (IOException e) {
            throw new DataException(
                    source.name() + ": cannot read IDX images: " + e.getMessage(), e);
        }
    }

    private static int[] readLabels(Source source, int expected) {
        try (DataInputStream in = open(source)) {
            readMagic(in, source, 1);
            int count = in.readInt();
            if (count != expected) {
                throw new DataException(
                        source.name() + ": " + count + " labels for " + expected + " images");
            }
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = in.readUnsignedByte();
            }
            return labels;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DataException(source.name() + " does not exist");
        } catch (IOException e) {
            throw new DataException(
                    source.name() + ": cannot read IDX labels: " + e.getMessage(), e);
        }
    }

    private static int readMagic(DataInputStream in, Source source, int expectedDims)
            throws IOException {
        int magic = in.readInt();
        int type = (magic >> 8) & 0xff;
        int dims = magic & 0xff;
        if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE_TYPE || dims != expectedDims) {
            throw new DataException(
                    String.format(
                            "%s: not an IDX file of unsigned bytes with %d dimensions"
                                    + " (magic 0x%08x)",
                            source.name(), expectedDims, magic));
        }
        return dims;
    }

    private static DataInputStream open(Source source) throws IOException {
        InputStream raw = new BufferedInputStream(source.open(), 1 << 16);
        raw.mark(2);
        int first = raw.read();
        int second = raw.read();
        raw.reset();
        boolean gzip = first == 0x1f && second == 0x8b;
        return new DataInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw);
    }

    private record Images(float[][] rows, ImageShape shape) {}
}
