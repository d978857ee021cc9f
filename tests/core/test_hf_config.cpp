// Hugging Face config.json objects as published, parsed inline (MODELS.md §B.1, §B.6): parameter
// counts within 1% of the published figures, missing keys named, context beyond the model warned.
#include <doctest/doctest.h>

#include "test_support.hpp"

using nlohmann::json;

namespace {

// meta-llama/Llama-2-7b-hf config.json
const json kLlama2_7B = json::parse(R"({"architectures":["LlamaForCausalLM"],"bos_token_id":1,"eos_token_id":2,
"hidden_act":"silu","hidden_size":4096,"initializer_range":0.02,"intermediate_size":11008,
"max_position_embeddings":4096,"model_type":"llama","num_attention_heads":32,"num_hidden_layers":32,
"num_key_value_heads":32,"pretraining_tp":1,"rms_norm_eps":1e-05,"rope_scaling":null,"tie_word_embeddings":false,
"torch_dtype":"float16","transformers_version":"4.31.0.dev0","use_cache":true,"vocab_size":32000})");

// meta-llama/Llama-3.1-70B config.json
const json kLlama31_70B = json::parse(R"({"architectures":["LlamaForCausalLM"],"attention_bias":false,
"attention_dropout":0.0,"bos_token_id":128000,"eos_token_id":128001,"hidden_act":"silu","hidden_size":8192,
"initializer_range":0.02,"intermediate_size":28672,"max_position_embeddings":131072,"mlp_bias":false,
"model_type":"llama","num_attention_heads":64,"num_hidden_layers":80,"num_key_value_heads":8,"pretraining_tp":1,
"rms_norm_eps":1e-05,"rope_scaling":{"factor":8.0,"low_freq_factor":1.0,"high_freq_factor":4.0,
"original_max_position_embeddings":8192,"rope_type":"llama3"},"rope_theta":500000.0,"tie_word_embeddings":false,
"torch_dtype":"bfloat16","transformers_version":"4.43.0.dev0","use_cache":true,"vocab_size":128256})");

// mistralai/Mixtral-8x7B-v0.1 config.json
const json kMixtral = json::parse(R"({"architectures":["MixtralForCausalLM"],"attention_dropout":0.0,
"bos_token_id":1,"eos_token_id":2,"hidden_act":"silu","hidden_size":4096,"initializer_range":0.02,
"intermediate_size":14336,"max_position_embeddings":32768,"model_type":"mixtral","num_attention_heads":32,
"num_experts_per_tok":2,"num_hidden_layers":32,"num_key_value_heads":8,"num_local_experts":8,
"output_router_logits":false,"rms_norm_eps":1e-05,"rope_theta":1000000.0,"router_aux_loss_coef":0.02,
"sliding_window":null,"tie_word_embeddings":false,"torch_dtype":"bfloat16","transformers_version":"4.36.0.dev0",
"use_cache":true,"vocab_size":32000})");

// deepseek-ai/DeepSeek-V3 config.json (auto_map omitted: code pointers, no architecture)
const json kDeepSeekV3 = json::parse(R"({"architectures":["DeepseekV3ForCausalLM"],"attention_bias":false,
"attention_dropout":0.0,"aux_loss_alpha":0.001,"bos_token_id":0,"eos_token_id":1,"ep_size":1,
"first_k_dense_replace":3,"hidden_act":"silu","hidden_size":7168,"initializer_range":0.02,
"intermediate_size":18432,"kv_lora_rank":512,"max_position_embeddings":163840,"model_type":"deepseek_v3",
"moe_intermediate_size":2048,"moe_layer_freq":1,"n_group":8,"n_routed_experts":256,"n_shared_experts":1,
"norm_topk_prob":true,"num_attention_heads":128,"num_experts_per_tok":8,"num_hidden_layers":61,
"num_key_value_heads":128,"num_nextn_predict_layers":1,"q_lora_rank":1536,"qk_nope_head_dim":128,
"qk_rope_head_dim":64,"quantization_config":{"activation_scheme":"dynamic","fmt":"e4m3","quant_method":"fp8",
"weight_block_size":[128,128]},"rms_norm_eps":1e-06,"rope_scaling":{"beta_fast":32,"beta_slow":1,"factor":40,
"mscale":1.0,"mscale_all_dim":1.0,"original_max_position_embeddings":4096,"type":"yarn"},"rope_theta":10000,
"routed_scaling_factor":2.5,"scoring_func":"sigmoid","tie_word_embeddings":false,"topk_group":4,
"topk_method":"noaux_tc","torch_dtype":"bfloat16","transformers_version":"4.33.1","use_cache":true,
"v_head_dim":128,"vocab_size":129280})");

json workload_of(const json& cfg) {
  return solve_ok({{"model", cfg}, {"hardware", "H100"}, {"seq_len", 1024}, {"output_len", 128}})["workload"];
}

}  // namespace

TEST_CASE("published config.json files give the published parameter counts within 1%") {
  CHECK(workload_of(kLlama2_7B)["params"].get<double>() == doctest::Approx(6.74e9).epsilon(0.01));
  CHECK(workload_of(kLlama31_70B)["params"].get<double>() == doctest::Approx(70.6e9).epsilon(0.01));
  const json mix = workload_of(kMixtral);
  CHECK(mix["params"].get<double>() == doctest::Approx(46.7e9).epsilon(0.01));
  CHECK(mix["active_params"].get<double>() == doctest::Approx(12.9e9).epsilon(0.01));
  // DeepSeek-V3: 671B main model (the 685B on the Hub adds the 14B multi-token-prediction module).
  const json ds = workload_of(kDeepSeekV3);
  CHECK(ds["params"].get<double>() == doctest::Approx(671e9).epsilon(0.01));
  CHECK(ds["active_params"].get<double>() == doctest::Approx(37e9).epsilon(0.02));
  CHECK(ds["kv_cache_bytes_per_token"] == 70272);  // 61·(512 + 64)·2, §B invariant
  CHECK(workload_of(kLlama2_7B)["kv_cache_bytes_per_token"] == 2 * 32 * 32 * 128 * 2);
}

TEST_CASE("a config missing a required key names it") {
  for (const char* key : {"hidden_size", "num_hidden_layers", "num_attention_heads", "vocab_size"}) {
    json cfg = kLlama2_7B;
    cfg.erase(key);
    const json e = solve_error({{"model", cfg}, {"hardware", "H100"}});
    CAPTURE(key);
    CHECK(e["path"] == std::string("model.") + key);
  }
  json moe = kMixtral;
  moe.erase("num_experts_per_tok");
  CHECK(solve_error({{"model", moe}, {"hardware", "H100"}})["path"] == "model.num_experts_per_tok");
  json mla = kDeepSeekV3;
  mla.erase("qk_rope_head_dim");
  CHECK(solve_error({{"model", mla}, {"hardware", "H100"}})["path"] == "model.qk_rope_head_dim");
}

TEST_CASE("seq_len + output_len beyond max_position_embeddings warns CONTEXT_EXCEEDS_MODEL") {
  const json over = solve_ok({{"model", kLlama2_7B}, {"hardware", "H100"}, {"seq_len", 4000}, {"output_len", 128}});
  CHECK(has_warning(over, "CONTEXT_EXCEEDS_MODEL"));
  const json fits = solve_ok({{"model", kLlama2_7B}, {"hardware", "H100"}, {"seq_len", 3968}, {"output_len", 128}});
  CHECK_FALSE(has_warning(fits, "CONTEXT_EXCEEDS_MODEL"));
  CHECK(has_warning(solve_ok({{"model", kLlama2_7B}, {"hardware", "H100"}, {"mode", "serving"}, {"seq_len", 4096}}),
                    "CONTEXT_EXCEEDS_MODEL"));
}

TEST_CASE("training at the model's full context does not warn: it generates nothing, output_len is unused") {
  const json train = {{"model", kLlama2_7B}, {"hardware", "H100"}, {"mode", "training"}, {"batch_size", 8},
                      {"seq_len", 4096}, {"output_len", 128}};
  CHECK_FALSE(has_warning(solve_ok(train), "CONTEXT_EXCEEDS_MODEL"));
  json longer = train;
  longer["seq_len"] = 4097;
  const json warned = solve_ok(longer);
  REQUIRE(has_warning(warned, "CONTEXT_EXCEEDS_MODEL"));
  CHECK(warned["warnings"].dump().find("CONTEXT_EXCEEDS_MODEL: seq_len = 4097 exceeds") != std::string::npos);
}
