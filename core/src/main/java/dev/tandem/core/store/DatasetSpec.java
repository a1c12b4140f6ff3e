package dev.tandem.core.store;

import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a dataset records, fixed when it is created: the environment it was recorded in (stored in
 * full with the dataset), whether camera images are recorded, the size of the optional flat
 * environment state recorded with every step ({@value #ENVIRONMENT_STATE}, 0 for none; exported as
 * robomimic {@code states}), and a free-form description.
 *
 * <p>The recorded features are {@code observation.state}, {@code observation.images.<camera>} (when
 * {@code recordImages}), {@code action} (both the proposed and the applied action have this shape)
 * and {@value #ENVIRONMENT_STATE} when its size is positive. Other observation features of the
 * environment are descriptive only (they are parts of {@code observation.state}).
 */
@RecordBuilder
public record DatasetSpec(
    EnvironmentSpec environment, int environmentStateSize, boolean recordImages, String description)
    implements DatasetSpecBuilder.With {

  /** Key of the optional flat environment state feature. */
  public static final String ENVIRONMENT_STATE = "environment.state";

  public DatasetSpec {
    Objects.requireNonNull(environment, "environment");
    if (environmentStateSize < 0) {
      throw new IllegalArgumentException(
          "environment state size must be >= 0 (0 = not recorded), found " + environmentStateSize);
    }
    description = description == null ? "" : description;
  }

  /** Records state, images and actions of {@code environment}, no environment state. */
  public static DatasetSpec of(EnvironmentSpec environment) {
    return new DatasetSpec(environment, 0, true, "");
  }

  public DatasetSpec withoutImages() {
    return withRecordImages(false);
  }

  /** The features every step of the dataset has, in record order. */
  public List<FeatureSpec> features() {
    List<FeatureSpec> out = new ArrayList<>();
    out.add(environment.feature(FeatureSpec.STATE));
    out.add(environment.action().feature());
    if (environmentStateSize > 0) {
      out.add(FeatureSpec.vector(ENVIRONMENT_STATE, environmentStateSize, "", List.of()));
    }
    if (recordImages) {
      for (FeatureSpec f : environment.observationFeatures()) {
        if (f.isImage()) {
          out.add(f);
        }
      }
    }
    return List.copyOf(out);
  }
}
