package dev.tandem.policy.data;

import dev.tandem.core.data.ImageFrame;
import java.util.SplittableRandom;

/**
 * Crops uint8 HxWx3 images into float CHW network inputs in [0, 1]: random crops for training
 * augmentation, the centre crop for inference.
 */
public final class ImageCrops {
  private ImageCrops() {}

  public static void centreCrop(ImageFrame frame, int cropH, int cropW, float[] out, int offset) {
    check(frame.height(), frame.width(), frame.channels(), cropH, cropW);
    int top = (frame.height() - cropH) / 2;
    int left = (frame.width() - cropW) / 2;
    crop(frame.pixels(), frame.width(), top, left, cropH, cropW, out, offset);
  }

  public static void randomCrop(
      byte[] hwc,
      int height,
      int width,
      int cropH,
      int cropW,
      SplittableRandom rng,
      float[] out,
      int offset) {
    check(height, width, 3, cropH, cropW);
    int top = rng.nextInt(height - cropH + 1);
    int left = rng.nextInt(width - cropW + 1);
    crop(hwc, width, top, left, cropH, cropW, out, offset);
  }

  private static void check(int h, int w, int channels, int cropH, int cropW) {
    if (channels != 3 || h < cropH || w < cropW) {
      throw new IllegalArgumentException(
          "image "
              + h
              + "x"
              + w
              + "x"
              + channels
              + " cannot be cropped to "
              + cropH
              + "x"
              + cropW
              + "x3");
    }
  }

  private static void crop(
      byte[] hwc, int width, int top, int left, int cropH, int cropW, float[] out, int offset) {
    int plane = cropH * cropW;
    for (int y = 0; y < cropH; y++) {
      int src = ((top + y) * width + left) * 3;
      int dst = offset + y * cropW;
      for (int x = 0; x < cropW; x++) {
        int p = src + x * 3;
        out[dst + x] = (hwc[p] & 0xff) * (1f / 255f);
        out[dst + plane + x] = (hwc[p + 1] & 0xff) * (1f / 255f);
        out[dst + 2 * plane + x] = (hwc[p + 2] & 0xff) * (1f / 255f);
      }
    }
  }
}
