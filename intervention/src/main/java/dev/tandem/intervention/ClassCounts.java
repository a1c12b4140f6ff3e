package dev.tandem.intervention;

import dev.tandem.core.data.SampleClass;
import java.util.EnumMap;
import java.util.Map;

/** How many samples of each class a training set holds. */
public record ClassCounts(Map<SampleClass, Long> counts) {
  public ClassCounts {
    EnumMap<SampleClass, Long> copy = new EnumMap<>(SampleClass.class);
    for (SampleClass c : SampleClass.values()) {
      copy.put(c, counts.getOrDefault(c, 0L));
    }
    counts = java.util.Collections.unmodifiableMap(copy);
  }

  public static ClassCounts of(SampleClass[]... episodes) {
    EnumMap<SampleClass, Long> m = new EnumMap<>(SampleClass.class);
    for (SampleClass[] e : episodes) {
      for (SampleClass c : e) {
        m.merge(c, 1L, Long::sum);
      }
    }
    return new ClassCounts(m);
  }

  public long get(SampleClass c) {
    return counts.get(c);
  }

  public long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
