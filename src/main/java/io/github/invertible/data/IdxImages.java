package io.github.invertible.data;

/** Images of an IDX file: unsigned bytes, one image per row (channel-major, then row-major). */
public record IdxImages(byte[][] pixels, int channels, int rows, int cols) {
    /** Grey-scale images (an IDX file of three dimensions). */
    public IdxImages(byte[][] pixels, int rows, int cols) {
        this(pixels, 1, rows, cols);
    }

    public int count() {
        return pixels.length;
    }
}
