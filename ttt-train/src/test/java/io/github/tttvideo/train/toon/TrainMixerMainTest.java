package io.github.tttvideo.train.toon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.backend.djl.DjlModels;
import io.github.tttvideo.backend.djl.dit.TttDenoiserParameters;
import io.github.tttvideo.core.mixer.SequenceMixer;
import io.github.tttvideo.core.model.ModelConfig;
import io.github.tttvideo.train.AdamW;
import io.github.tttvideo.train.ParameterSelection;
import io.github.tttvideo.train.StagePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The baseline initialisation and plan of {@link TrainMixerMain} (no training). */
class TrainMixerMainTest {

  static final ModelConfig BASE = DjlTrainablesTest.tiny();

  @Test
  void attentionBaselinesCopyTheBaseAndStartTheirMixerFresh() {
    Map<String, float[]> base = DjlModels.randomWeights(BASE, 1);
    ModelConfig sliding = TrainMixerMain.config(BASE, SequenceMixer.SLIDING, 2);
    assertEquals("toon-sliding", sliding.name());
    assertEquals(2, sliding.slidingWindowSegments());
    List<String> fresh = new ArrayList<>();
    Map<String, float[]> init = TrainMixerMain.initialWeights(BASE, base, sliding, 42, fresh);
    assertEquals(TttDenoiserParameters.all(sliding).keySet(), init.keySet());
    for (Map.Entry<String, float[]> e : init.entrySet()) {
      if (TttDenoiserParameters.isMixerTensor(e.getKey())) {
        assertTrue(fresh.contains(e.getKey()), e.getKey());
      } else {
        assertArrayEquals(base.get(e.getKey()), e.getValue(), e.getKey());
      }
    }
    assertEquals(14, fresh.size()); // 1 layer: 8 linear, 4 norm, 2 gates
    assertArrayEquals(DjlModels.randomWeights(sliding, 42).get("blocks.0.ssm_attn.to_q.weight"),
        init.get("blocks.0.ssm_attn.to_q.weight"));
    assertEquals(0.1f, init.get("blocks.0.ssm_gate.video")[0], 1e-7f);
  }

  @Test
  void theBasesOwnMixerIsKeptAndOtherTttVariantsAreFresh() {
    Map<String, float[]> base = DjlModels.randomWeights(BASE, 1);
    List<String> fresh = new ArrayList<>();
    ModelConfig mlp = TrainMixerMain.config(BASE, SequenceMixer.TTT_MLP, 1);
    Map<String, float[]> same = TrainMixerMain.initialWeights(BASE, base, mlp, 42, fresh);
    assertTrue(fresh.isEmpty(), fresh.toString());
    assertArrayEquals(base.get("blocks.0.ttt.W1"), same.get("blocks.0.ttt.W1"));
    ModelConfig linear = TrainMixerMain.config(BASE, SequenceMixer.TTT_LINEAR, 1);
    Map<String, float[]> other = TrainMixerMain.initialWeights(BASE, base, linear, 42, fresh);
    assertTrue(fresh.contains("blocks.0.ttt.W1") && fresh.contains("blocks.0.ttt.wq.weight")
        && fresh.contains("blocks.0.ttt_gate.forward_text"), fresh.toString());
    assertEquals(TttDenoiserParameters.all(linear).keySet(), other.keySet());
    fresh.clear();
    ModelConfig local = TrainMixerMain.config(BASE, SequenceMixer.LOCAL, 1);
    Map<String, float[]> none = TrainMixerMain.initialWeights(BASE, base, local, 42, fresh);
    assertTrue(fresh.isEmpty());
    assertFalse(none.keySet().stream().anyMatch(TttDenoiserParameters::isMixerTensor));
  }

  @Test
  void mixerTensorsAreTrainedAsQkvoInTheTttRateGroup() {
    ModelConfig sliding = TrainMixerMain.config(BASE, SequenceMixer.FULL, 1);
    for (String name : TttDenoiserParameters.denoiser(sliding).keySet()) {
      if (TttDenoiserParameters.isMixerTensor(name)) {
        assertTrue(ParameterSelection.qkvo().test(name), name);
        assertEquals(AdamW.GROUP_TTT, AdamW.lrGroupOf(name), name);
      }
    }
  }

  @Test
  void thePlanIsTrainToonMainsExtensionStages() {
    TrainMixerMain.Options o = TrainMixerMain.Options.parse(new String[] {"--base", "b",
        "--mixer", "sliding", "--out", "o", "--steps3", "3", "--steps6", "2"});
    List<StagePlan> plan = TrainMixerMain.plan(o);
    List<StagePlan> toon = TrainToonMain.plan(o.toon());
    assertEquals(List.of(toon.get(1), toon.get(2)), plan);
    assertEquals(3, plan.get(0).steps());
    assertEquals(6, plan.get(1).segments());
    assertThrows(IllegalArgumentException.class,
        () -> TrainMixerMain.Options.parse(new String[] {"--mixer", "sliding"}));
    assertThrows(RuntimeException.class, () -> TrainMixerMain.Options.parse(
        new String[] {"--base", "b", "--mixer", "mamba", "--out", "o"}));
  }

  @Test
  void steps1AddsTheThreeSecondStageAndZeroLeavesAStageOut() {
    TrainMixerMain.Options o = TrainMixerMain.Options.parse(new String[] {"--base", "b",
        "--mixer", "local", "--out", "o", "--steps1", "300", "--steps3", "0", "--steps6", "0"});
    List<StagePlan> plan = TrainMixerMain.plan(o);
    assertEquals(1, plan.size());
    assertEquals(1, plan.get(0).segments());
    assertEquals(300, plan.get(0).steps());
    assertEquals(TrainToonMain.plan(o.toon()).get(0), plan.get(0));
    assertThrows(IllegalArgumentException.class, () -> TrainMixerMain.Options.parse(
        new String[] {"--base", "b", "--mixer", "local", "--out", "o", "--steps3", "0",
            "--steps6", "0"}));
    assertThrows(IllegalArgumentException.class, () -> TrainMixerMain.Options.parse(
        new String[] {"--base", "b", "--mixer", "local", "--out", "o", "--steps1", "-1"}));
  }
}
