package dev.tandem.runtime.experiment;

import dev.tandem.runtime.actors.EpisodeRequest;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which episode of an experiment this is: the key a resumed run finds it by (recorded as the
 * episode's tags) and the source of its reset seed.
 *
 * @param method the method's name; round 0's evaluations and the demos carry {@code demos} ({@code
 *     operator-demos} when the operator recorded them)
 * @param skill the operator skill of the episode's group ({@code null} without groups: tags of old
 *     runs carry none, so they resume)
 */
record EpisodeKey(
    String task, long seed, String method, int round, Phase phase, int index, Double skill) {

  /** What an episode is for; its tag is the lower-case name. */
  enum Phase {
    /** Evaluation without the operator: the same reset seeds for every method and round. */
    EVAL,
    /** A demonstration. */
    DEMO,
    /** Deployment under the operator, round 1 and later. */
    DEPLOY;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The tags the episode is recorded with. */
  Map<String, String> tags() {
    Map<String, String> t = new TreeMap<>();
    t.put("task", task);
    t.put("seed", Long.toString(seed));
    t.put("method", method);
    t.put("round", Integer.toString(round));
    t.put("phase", phase.tag());
    t.put("index", Integer.toString(index));
    if (skill != null) {
      t.put("operatorSkill", Double.toString(skill));
    }
    return t;
  }

  /** Reset seeds: evaluation uses block 0, demos block 1, deployment in round r block 1 + r. */
  long resetSeed() {
    int block =
        switch (phase) {
          case EVAL -> 0;
          case DEMO -> 1;
          case DEPLOY -> 1 + round;
        };
    return seed * 1_000_003L + block * 10_000L + index;
  }

  EpisodeRequest request() {
    return new EpisodeRequest(resetSeed(), tags());
  }
}
