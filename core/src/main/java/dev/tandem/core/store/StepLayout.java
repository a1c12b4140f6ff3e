package dev.tandem.core.store;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.Step;
import dev.tandem.core.spec.FeatureSpec;
import java.util.ArrayList;
import java.util.List;

/** The fixed part of a step record, derived from a dataset's feature list. */
final class StepLayout {

  /** One recorded camera: its name, feature key and image shape. */
  record Camera(String name, String key, int height, int width, int channels) {
    int bytes() {
      return height * width * channels;
    }
  }

  final List<FeatureSpec> features;
  final int stateSize;
  final int actionSize;
  final int envStateSize;
  final List<Camera> cameras;
  final int imageBytes;

  /** Bytes of a step record before the language events (header, floats, images). */
  final int fixedStepBytes;

  /** Bytes of an end record with a final observation, before the detail text. */
  final int endWithFinalBytes;

  private StepLayout(
      List<FeatureSpec> features, int stateSize, int actionSize, int envStateSize, List<Camera> c) {
    this.features = List.copyOf(features);
    this.stateSize = stateSize;
    this.actionSize = actionSize;
    this.envStateSize = envStateSize;
    this.cameras = List.copyOf(c);
    int img = 0;
    for (Camera cam : c) {
      img = Math.addExact(img, cam.bytes());
    }
    this.imageBytes = img;
    this.fixedStepBytes =
        StoreFormat.STEP_STATE + 4 * (stateSize + 2 * actionSize + envStateSize) + imageBytes;
    this.endWithFinalBytes = StoreFormat.END_FINAL_STATE + 4 * stateSize + imageBytes;
  }

  /**
   * Builds the layout from a feature list; {@code where} names the source (a file) in errors.
   *
   * @throws IllegalArgumentException naming the feature and what was expected
   */
  static StepLayout of(List<FeatureSpec> features, String where) {
    int state = -1;
    int action = -1;
    int env = 0;
    List<Camera> cams = new ArrayList<>();
    for (FeatureSpec f : features) {
      String key = f.key();
      if (key.equals(FeatureSpec.STATE)) {
        state = vectorSize(f, where);
      } else if (key.equals(FeatureSpec.ACTION)) {
        action = vectorSize(f, where);
      } else if (key.equals(DatasetSpec.ENVIRONMENT_STATE)) {
        env = vectorSize(f, where);
      } else if (f.isImage()) {
        if (f.dtype() != FeatureSpec.DType.UINT8 || f.shape().size() != 3) {
          throw new IllegalArgumentException(
              where
                  + ": image feature '"
                  + key
                  + "' must be uint8 [height, width, channels], found "
                  + f.dtype()
                  + " "
                  + f.shape());
        }
        cams.add(
            new Camera(
                key.substring(FeatureSpec.IMAGES_PREFIX.length()),
                key,
                f.shape().get(0),
                f.shape().get(1),
                f.shape().get(2)));
      } else {
        throw new IllegalArgumentException(
            where
                + ": unsupported feature '"
                + key
                + "'; a dataset records "
                + FeatureSpec.STATE
                + ", "
                + FeatureSpec.ACTION
                + ", "
                + DatasetSpec.ENVIRONMENT_STATE
                + " and "
                + FeatureSpec.IMAGES_PREFIX
                + "<camera>");
      }
    }
    if (state < 0) {
      throw new IllegalArgumentException(where + ": no '" + FeatureSpec.STATE + "' feature");
    }
    if (action < 0) {
      throw new IllegalArgumentException(where + ": no '" + FeatureSpec.ACTION + "' feature");
    }
    return new StepLayout(features, state, action, env, cams);
  }

  private static int vectorSize(FeatureSpec f, String where) {
    if (f.dtype() != FeatureSpec.DType.FLOAT32 || f.shape().size() != 1) {
      throw new IllegalArgumentException(
          where
              + ": feature '"
              + f.key()
              + "' must be a float32 vector, found "
              + f.dtype()
              + " "
              + f.shape());
    }
    return f.size();
  }

  /**
   * Checks a step against the layout. Messages are built only on failure (this runs per append).
   *
   * @param where names the episode and dataset in the error message
   * @throws IllegalArgumentException naming the field, what was found and what was expected
   */
  void check(Step step, float[] envState, String where) {
    Observation obs = step.observation();
    if (obs.state().length != stateSize
        || step.proposed().dim() != actionSize
        || step.applied().dim() != actionSize
        || (envStateSize > 0
            ? envState == null || envState.length != envStateSize
            : envState != null)
        || !imagesMatch(obs)) {
      String at = where + " step " + step.index();
      checkObservation(obs, at);
      checkAction(step.proposed(), "proposed action", at);
      checkAction(step.applied(), "applied action", at);
      checkEnvState(envState, at);
    }
  }

  private boolean imagesMatch(Observation obs) {
    for (Camera cam : cameras) {
      ImageFrame f = obs.images().get(cam.name());
      if (f == null
          || f.height() != cam.height()
          || f.width() != cam.width()
          || f.channels() != cam.channels()) {
        return false;
      }
    }
    return true;
  }

  private void checkEnvState(float[] envState, String at) {
    if (envStateSize > 0) {
      if (envState == null) {
        throw new IllegalArgumentException(
            at
                + ": the dataset records "
                + DatasetSpec.ENVIRONMENT_STATE
                + " ["
                + envStateSize
                + "], append the step with its environment state");
      }
      if (envState.length != envStateSize) {
        throw new IllegalArgumentException(
            at
                + ": "
                + DatasetSpec.ENVIRONMENT_STATE
                + " has "
                + envState.length
                + " values, the dataset expects "
                + envStateSize);
      }
    } else if (envState != null) {
      throw new IllegalArgumentException(
          at
              + ": the dataset was created without "
              + DatasetSpec.ENVIRONMENT_STATE
              + " but the step has "
              + envState.length
              + " values of it");
    }
  }

  /** Checks an observation (final observations); builds the message only on failure. */
  void checkObservation(Observation obs, String where) {
    if (obs.state().length == stateSize && imagesMatch(obs)) {
      return;
    }
    checkObservationDetail(obs, where);
  }

  private void checkObservationDetail(Observation obs, String where) {
    if (obs.state().length != stateSize) {
      throw new IllegalArgumentException(
          where
              + ": "
              + FeatureSpec.STATE
              + " has "
              + obs.state().length
              + " values, the dataset expects "
              + stateSize);
    }
    for (Camera cam : cameras) {
      ImageFrame f = obs.images().get(cam.name());
      if (f == null) {
        throw new IllegalArgumentException(
            where
                + ": no image for camera '"
                + cam.name()
                + "' ("
                + cam.key()
                + " ["
                + cam.height()
                + ", "
                + cam.width()
                + ", "
                + cam.channels()
                + "]); the observation has cameras "
                + obs.images().keySet());
      }
      if (f.height() != cam.height()
          || f.width() != cam.width()
          || f.channels() != cam.channels()) {
        throw new IllegalArgumentException(
            where
                + ": "
                + cam.key()
                + " is "
                + f.height()
                + "x"
                + f.width()
                + "x"
                + f.channels()
                + ", the dataset expects "
                + cam.height()
                + "x"
                + cam.width()
                + "x"
                + cam.channels());
      }
    }
  }

  private void checkAction(Action a, String what, String where) {
    if (a.dim() != actionSize) {
      throw new IllegalArgumentException(
          where
              + ": "
              + what
              + " has "
              + a.dim()
              + " values, the dataset's '"
              + FeatureSpec.ACTION
              + "' feature expects "
              + actionSize);
    }
  }
}
