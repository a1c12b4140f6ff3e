package dev.tandem.policy.config;

import java.util.List;

/**
 * A small convolutional encoder per camera, after robomimic's visual core: three 3x3 convolutions
 * ({@code filters} channels, the first two with stride 2), a 1x1 convolution to {@code keypoints}
 * maps, a spatial softmax that turns each map into the expected image position of its activation
 * (x, y in [-1, 1]), and a linear projection of those 2 x {@code keypoints} coordinates to {@code
 * featureSize}, concatenated with the state features. During training each image is randomly
 * cropped to {@code cropHeight x cropWidth} (shift augmentation); at inference the centre crop is
 * used.
 */
public record EncoderConfig(
    List<String> cameras,
    int cropHeight,
    int cropWidth,
    int filters,
    int keypoints,
    int featureSize) {
  public EncoderConfig {
    cameras = cameras == null ? List.of() : List.copyOf(cameras);
    if (cameras.isEmpty()) {
      throw new IllegalArgumentException("encoder.cameras: expected at least one camera name");
    }
    if (cropHeight < 8 || cropWidth < 8) {
      throw new IllegalArgumentException(
          "encoder.cropHeight/cropWidth: expected >= 8, found " + cropHeight + "x" + cropWidth);
    }
    if (filters < 16 || filters % 16 != 0) {
      // PyTorch 2.7.1's oneDNN convolutions on AVX-512 produced random NaNs in training with 8
      // channels (partial 16-channel blocks); 16, 32 and 64 were stable.
      throw new IllegalArgumentException(
          "encoder.filters: expected a multiple of 16 (16, 32, 64...), found " + filters);
    }
    if (keypoints < 1 || keypoints > 256) {
      throw new IllegalArgumentException("encoder.keypoints: expected 1..256, found " + keypoints);
    }
    if (featureSize < 1) {
      throw new IllegalArgumentException(
          "encoder.featureSize: expected >= 1, found " + featureSize);
    }
  }
}
