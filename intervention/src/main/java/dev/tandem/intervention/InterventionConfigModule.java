package dev.tandem.intervention;

import dev.tandem.core.config.ConfigModule;
import dev.tandem.core.config.ConfigRegistry;
import dev.tandem.intervention.memory.Fifo;
import dev.tandem.intervention.memory.Lfi;
import dev.tandem.intervention.memory.MemoryStrategy;
import dev.tandem.intervention.memory.Mfi;
import dev.tandem.intervention.memory.RandomEviction;
import dev.tandem.intervention.operator.AlwaysRule;
import dev.tandem.intervention.operator.StallRule;
import dev.tandem.intervention.operator.TakeoverRule;
import dev.tandem.intervention.operator.ValueRule;
import dev.tandem.intervention.weighting.HgDagger;
import dev.tandem.intervention.weighting.Iwr;
import dev.tandem.intervention.weighting.PlainBc;
import dev.tandem.intervention.weighting.Sirius;
import dev.tandem.intervention.weighting.WeightingScheme;

/** Registers the intervention module's config types: weighting schemes and memory strategies. */
public final class InterventionConfigModule implements ConfigModule {
  @Override
  public void register(ConfigRegistry r) {
    r.register(WeightingScheme.class, "bc", PlainBc.class)
        .register(WeightingScheme.class, "hg-dagger", HgDagger.class)
        .register(WeightingScheme.class, "iwr", Iwr.class)
        .register(WeightingScheme.class, "sirius", Sirius.class);
    r.register(MemoryStrategy.class, "fifo", Fifo.class)
        .register(MemoryStrategy.class, "lfi", Lfi.class)
        .register(MemoryStrategy.class, "mfi", Mfi.class)
        .register(MemoryStrategy.class, "random", RandomEviction.class);
    r.register(TakeoverRule.class, "stall", StallRule.class)
        .register(TakeoverRule.class, "always", AlwaysRule.class)
        .register(TakeoverRule.class, "value", ValueRule.class);
  }
}
