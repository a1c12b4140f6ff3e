package dev.tandem.runtime;

import dev.tandem.core.config.ConfigModule;
import dev.tandem.core.config.ConfigRegistry;
import dev.tandem.runtime.experiment.ExperimentConfig;
import dev.tandem.runtime.experiment.JobConfig;
import dev.tandem.runtime.live.JoyConfig;
import dev.tandem.runtime.live.TeleopSessionConfig;
import dev.tandem.runtime.training.LearnerSettings;
import dev.tandem.runtime.training.RlifSettings;
import dev.tandem.runtime.training.TrainingSettings;
import dev.tandem.teleop.device.TeleopDeviceConfig;

/** Registers the runtime's top-level configs and the ROS 2 joystick device ({@code joy}). */
public final class RuntimeConfigModule implements ConfigModule {
  @Override
  public void register(ConfigRegistry r) {
    r.register(JobConfig.class, "experiment", ExperimentConfig.class);
    r.register(TrainingSettings.class, "training", TrainingSettings.class);
    r.register(TeleopSessionConfig.class, "teleop_session", TeleopSessionConfig.class);
    r.register(LearnerSettings.class, "rlif", RlifSettings.class);
    r.register(TeleopDeviceConfig.class, "joy", JoyConfig.class);
  }
}
