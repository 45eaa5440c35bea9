package io.github.invertible.data;

/** Images of an IDX file: unsigned bytes, one row-major image per row. */
public record IdxImages(byte[][] pixels, int rows, int cols) {
    public int count() {
        return pixels.length;
    }
}
