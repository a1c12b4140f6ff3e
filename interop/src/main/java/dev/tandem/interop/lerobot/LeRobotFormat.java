package dev.tandem.interop.lerobot;

import java.nio.file.Path;

/**
 * Names of the LeRobot dataset v3.0 layout (from LeRobot's {@code datasets/utils.py}) and of the
 * Tandem columns that travel with it.
 *
 * <pre>
 * meta/info.json                                  codebase_version "v3.0", fps, features, paths
 * meta/stats.json                                 {feature: {min, max, mean, std, count}}
 * meta/tasks.parquet                              task_index, task
 * meta/episodes/chunk-000/file-000.parquet        one row per episode
 * data/chunk-000/file-000.parquet                 one row per frame
 * </pre>
 */
public final class LeRobotFormat {
  private LeRobotFormat() {}

  public static final String CODEBASE_VERSION = "v3.0";
  public static final String INFO = "meta/info.json";
  public static final String STATS = "meta/stats.json";
  public static final String TASKS = "meta/tasks.parquet";
  public static final String EPISODES_DIR = "meta/episodes";
  public static final String DATA_PATH =
      "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet";
  public static final String EPISODES_PATH =
      EPISODES_DIR + "/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet";
  public static final String VIDEO_PATH =
      "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4";
  public static final int CHUNKS_SIZE = 1000;
  public static final int DATA_FILES_SIZE_MB = 100;
  public static final int VIDEO_FILES_SIZE_MB = 200;

  // LeRobot's default features
  public static final String TIMESTAMP = "timestamp";
  public static final String FRAME_INDEX = "frame_index";
  public static final String EPISODE_INDEX = "episode_index";
  public static final String INDEX = "index";
  public static final String TASK_INDEX = "task_index";
  public static final String REWARD = "next.reward";
  public static final String DONE = "next.done";

  // Tandem's per-frame columns
  public static final String PROPOSED_ACTION = "tandem.proposed_action";
  public static final String CONTROL_SOURCE = "tandem.control_source";
  public static final String INTERVENTION_ID = "tandem.intervention_id";
  public static final String INTV_LABEL = "tandem.intv_label";
  public static final String TERMINATED = "tandem.terminated";
  public static final String TRUNCATED = "tandem.truncated";
  public static final String STEP_STAMP = "tandem.step_stamp_ns";
  public static final String OBSERVATION_STAMP = "tandem.observation_stamp_ns";
  public static final String ENVIRONMENT_STATE = "tandem.environment_state";

  // Tandem's per-episode columns (meta/episodes)
  public static final String EPISODE_JSON = "tandem/episode";
  public static final String FINAL_STATE = "tandem/final_observation/state";
  public static final String FINAL_STAMP = "tandem/final_observation/stamp_ns";
  public static final String HAS_FINAL = "tandem/final_observation/present";
  public static final String FINAL_IMAGE_PREFIX = "tandem/final_observation/images/";
  public static final String LANGUAGE_STEP = "tandem/language/step";
  public static final String LANGUAGE_TEXT = "tandem/language/text";
  public static final String LANGUAGE_INTERPRETATION = "tandem/language/interpretation";
  public static final String LANGUAGE_UNDERSTOOD = "tandem/language/understood";
  public static final String LANGUAGE_STAMP = "tandem/language/stamp_ns";

  /** LeRobot's {@code chunk-XXX/file-XXX} path template filled in. */
  public static String path(String template, int chunk, int file) {
    return template
        .replace("{chunk_index:03d}", String.format("%03d", chunk))
        .replace("{file_index:03d}", String.format("%03d", file));
  }

  public static Path dataFile(Path root, int chunk, int file) {
    return root.resolve(path(DATA_PATH, chunk, file));
  }
}
