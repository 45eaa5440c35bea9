package io.github.invertible.training;

/**
 * What the metadata embedded in a model zip describes (DESIGN §9): the SHA-256 of the zip's
 * {@code configuration.json} and {@code coefficients.bin} entries (their content, so re-zipping changes nothing),
 * and the SHA-256 of the metadata itself with this digest left out ({@link ModelFiles#metadataDigest}). Loading
 * recomputes all three: metadata moved to another model's zip, coefficients replaced, or metadata edited by hand
 * are each refused in one line.
 */
public record ModelIdentity(String configurationSha256, String coefficientsSha256, String metadataSha256) {
    ModelIdentity withMetadataSha256(String sha) {
        return new ModelIdentity(configurationSha256, coefficientsSha256, sha);
    }
}
