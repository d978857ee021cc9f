// Workload math (MODELS.md §B) against hand calculations and published counts.
#include <doctest/doctest.h>

#include "mlsysim/catalog.hpp"
#include "mlsysim/workload.hpp"

using namespace mlsysim;

namespace {
Workload catalog_workload(const char* name) {
  std::vector<std::string> warnings;
  return make_workload(Catalog::builtin().model(name, "model"), "model", warnings);
}
}  // namespace

TEST_CASE("Llama-3.1-8B parameters by hand: 32·(41 943 040 + 176 160 768 + 8192) + 2·128256·4096 + 4096") {
  const Workload w = catalog_workload("Llama3_8B");
  const double per_layer = 4096.0 * 128 * (32 + 16) + 32.0 * 128 * 4096 + 3.0 * 4096 * 14336 + 2 * 4096;
  CHECK(w.params == 32 * per_layer + 2.0 * 128256 * 4096 + 4096);
  CHECK(w.params == 8030261248.0);
}

TEST_CASE("derived parameter counts are within 1% of the published ones (§B.6)") {
  CHECK(catalog_workload("Llama2_7B").params == doctest::Approx(6.738e9).epsilon(0.01));
  CHECK(catalog_workload("Llama3_70B").params == doctest::Approx(70.554e9).epsilon(0.01));
  const Workload mixtral = catalog_workload("Mixtral_8x7B");
  CHECK(mixtral.params == doctest::Approx(46.70e9).epsilon(0.01));
  CHECK(mixtral.active_params == doctest::Approx(12.88e9).epsilon(0.01));
  const Workload ds = catalog_workload("DeepSeek_V3");
  CHECK(ds.params == doctest::Approx(671.03e9).epsilon(0.01));
  CHECK(ds.active_params == doctest::Approx(37.55e9).epsilon(0.01));
}

TEST_CASE("KV-cache bytes per token: MHA, GQA and MLA by hand (§B.4)") {
  CHECK(kv_bytes_per_token(catalog_workload("Llama2_7B").arch, 2) == 2.0 * 32 * 4096 * 2);   // 512 KiB
  CHECK(kv_bytes_per_token(catalog_workload("Llama2_7B").arch, 2) == 512 * 1024);
  CHECK(kv_bytes_per_token(catalog_workload("Llama3_70B").arch, 2) == 2.0 * 80 * 8 * 128 * 2);  // 320 KiB
  CHECK(kv_bytes_per_token(catalog_workload("Llama3_8B").arch, 2) == 131072);
  CHECK(kv_bytes_per_token(catalog_workload("DeepSeek_V3").arch, 2) == 61.0 * (512 + 64) * 2);  // 70 272
}

TEST_CASE("sliding windows cap resident KV; the attended-key sum A(S,W) matches its definition") {
  for (double S : {1.0, 7.0, 100.0})
    for (double W : {0.0, 1.0, 5.0, 100.0, 1000.0}) {
      double sum = 0;
      for (double i = 1; i <= S; ++i) sum += W > 0 ? std::min(i, W) : i;
      CHECK(attended_keys(S, W) == sum);
    }
  std::vector<std::string> warnings;
  nlohmann::json cfg = {{"model_type", "mistral"}, {"hidden_size", 4096}, {"num_hidden_layers", 32},
                        {"num_attention_heads", 32}, {"num_key_value_heads", 8}, {"intermediate_size", 14336},
                        {"vocab_size", 32000}, {"sliding_window", 4096}};
  const Workload w = make_inline_workload(cfg, "model", warnings);
  const double per_token_layer = 2.0 * 8 * 128 * 2;
  CHECK(kv_bytes_per_sequence(w.arch, 10000, 2, 16) == 32 * per_token_layer * 4096);  // capped at W
  CHECK(kv_bytes_per_sequence(w.arch, 1000, 2, 16) == 32 * per_token_layer * 1008);   // paged to 16
  cfg.erase("sliding_window");
  const Workload global = make_inline_workload(cfg, "model", warnings);
  CHECK(kv_bytes_per_sequence(global.arch, 10000, 2, 16) > kv_bytes_per_sequence(w.arch, 10000, 2, 16));
}

TEST_CASE("KV bytes do not depend on the query head count for fixed KV heads (§B invariant)") {
  std::vector<std::string> warnings;
  nlohmann::json cfg = {{"model_type", "llama"}, {"hidden_size", 4096}, {"num_hidden_layers", 4},
                        {"num_attention_heads", 32}, {"num_key_value_heads", 8}, {"head_dim", 128},
                        {"intermediate_size", 1024}, {"vocab_size", 1000}};
  const double kv32 = kv_bytes_per_token(make_inline_workload(cfg, "model", warnings).arch, 2);
  cfg["num_attention_heads"] = 64;
  CHECK(kv_bytes_per_token(make_inline_workload(cfg, "model", warnings).arch, 2) == kv32);
}
