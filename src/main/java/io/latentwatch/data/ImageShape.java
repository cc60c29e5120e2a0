package io.latentwatch.data;

/**
 * The width and height of an image dataset, in pixels; features are its pixels in row-major order.
 */
public record ImageShape(int width, int height) {

    public ImageShape {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(
                    "Image size must be positive, got " + width + "x" + height);
        }
    }

    /** Number of pixels, which is the number of features of an image record. */
    public int pixels() {
        return width * height;
    }

    /** Pixel values of 8-bit pixels, one unsigned byte each: 0 to 255. */
    public static float[] unsignedPixels(byte[] bytes) {
        float[] pixels = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            pixels[i] = bytes[i] & 0xff;
        }
        return pixels;
    }
}
