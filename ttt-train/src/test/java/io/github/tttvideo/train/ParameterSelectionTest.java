package io.github.tttvideo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterSelectionTest {

  @Test
  void qkvoSelectsTttGatesAttentionProjectionsAndQkNorms() {
    ParameterSelection q = ParameterSelection.qkvo();
    for (String n :
        List.of("blocks.3.ttt.W1", "blocks.3.ssm.b2", "blocks.3.gate_video.alpha",
            "blocks.3.attn.wq.weight", "blocks.3.attn.wo.bias", "blocks.3.attn.to_q.weight",
            "blocks.3.attn.to_out.weight", "blocks.3.attn.q_proj.weight",
            "blocks.3.attn.q_norm.weight", "blocks.3.attn.norm_k.bias", "blocks.3.attn.k.weight")) {
      assertTrue(q.test(n), n);
    }
    for (String n :
        List.of("patch_embed.proj.weight", "blocks.3.adaln.linear.weight",
            "blocks.3.mlp.fc1.weight", "blocks.3.norm1.weight", "final_layer.linear.weight",
            "blocks.3.attn.wqkv_scale")) {
      assertFalse(q.test(n), n);
    }
  }

  @Test
  void sftSelectsEverythingAndCustomPatternsAreRegexes() {
    assertTrue(ParameterSelection.sft().test("anything.at.all"));
    ParameterSelection c = ParameterSelection.matchingAny("mine", List.of("^head\\."));
    assertTrue(c.test("head.weight"));
    assertFalse(c.test("body.head.weight"));
    assertEquals("qkvo", ParameterSelection.named("QKVO").name());
    assertThrows(IllegalArgumentException.class, () -> ParameterSelection.named("lora"));
  }

  @Test
  void tttSelectsOnlyTheTttLayersAndTheirGates() {
    ParameterSelection t = ParameterSelection.named("TTT");
    assertEquals(ParameterSelection.ttt(), t);
    for (String n : List.of("blocks.0.ttt.W1", "blocks.0.ttt.wq.weight",
        "blocks.2.ttt.learnable_ttt_lr_bias", "blocks.3.ttt_gate.backward_video",
        "blocks.1.ssm.gate_alpha")) {
      assertTrue(t.test(n), n);
    }
    for (String n : List.of("blocks.0.attn.to_q.weight", "blocks.0.attn.norm_q.weight",
        "blocks.0.ff.fc1.weight", "blocks.0.norm1.linear.weight", "final_layer.linear.weight",
        "text_embedding.weight")) {
      assertFalse(t.test(n), n);
    }
  }

  @Test
  void stagePlanParsesJsonAndNamesBadFields() {
    List<StagePlan> plan =
        StagePlan.parseJson(
            "[{\"name\":\"3s\",\"segments\":1,\"steps\":50,\"warmup\":5,\"lr\":1e-5,"
                + "\"lr_ssm\":1e-4,\"lr_end\":1e-5,\"trainable\":\"sft\"},"
                + "{\"name\":\"9s\",\"segments\":3,\"steps\":20,\"warmup\":2,\"lr\":1e-5,"
                + "\"lr_ssm\":1e-5,\"lr_end\":1e-5,\"trainable\":[\"ttt\"]}]");
    assertEquals(2, plan.size());
    assertEquals(1e-4, plan.get(0).lrSsm());
    assertEquals(List.of("ttt"), plan.get(1).trainable().patterns());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StagePlan.parseJson("[{\"name\":\"9s\",\"segments\":3}]"));
    assertTrue(e.getMessage().contains("stage 0 (9s): missing field \"steps\""), e.getMessage());
    assertEquals(5, StagePlan.reference().size());
    assertEquals(21, StagePlan.reference().get(4).segments());
  }
}
