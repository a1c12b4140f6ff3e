package dev.tandem.policy.data;

/**
 * Camera images of the samples of a {@link dev.tandem.core.dataset.SampleView}, for policies with
 * an image encoder. {@code SampleView} carries states and actions only; whoever builds the view
 * over the episode store provides images through this (the runtime adapts it).
 */
@FunctionalInterface
public interface ImageSource {

  /**
   * Copies the {@code observation.images.<camera>} frame of sample {@code i} (height x width x 3
   * bytes, rows top to bottom, as in {@link dev.tandem.core.data.ImageFrame}) into {@code out}.
   * Training calls this from two threads at once (the batch prefetch thread and the validation
   * pass), each with its own {@code out}: implementations must allow concurrent reads.
   */
  void image(int i, String camera, byte[] out);

  /**
   * The images of {@code view} ({@link dev.tandem.core.dataset.SampleView#image}): the episode
   * store's, memory-mapped.
   */
  static ImageSource of(dev.tandem.core.dataset.SampleView view) {
    return view::image;
  }

  /** For state-only policies. */
  ImageSource NONE =
      (i, camera, out) -> {
        throw new IllegalArgumentException(
            "this dataset has no images, but the policy asks for camera '" + camera + "'");
      };
}
