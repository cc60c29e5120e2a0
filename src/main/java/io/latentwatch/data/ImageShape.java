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
}
