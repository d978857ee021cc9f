// Every class of bad input answers ok:false with the field path and a message naming the rule.
#include <doctest/doctest.h>

#include "test_support.hpp"

using nlohmann::json;

namespace {
const json kBase = {{"model", "ResNet50"}, {"hardware", "A100"}};

json with(const char* key, const json& value) {
  json s = kBase;
  s[key] = value;
  return s;
}

void check_error(const json& scenario, const std::string& path, const std::string& message) {
  const json e = solve_error(scenario);
  CHECK(e["path"] == path);
  CHECK(e["message"] == message);
}

void check_error_prefix(const json& scenario, const std::string& path, const std::string& prefix) {
  const json e = solve_error(scenario);
  CHECK(e["path"] == path);
  CHECK_MESSAGE(e["message"].get<std::string>().rfind(prefix, 0) == 0, e["message"]);
}
}  // namespace

TEST_CASE("unknown names answer with the nearest valid names") {
  check_error_prefix(with("model", "ResNet5"), "model", "unknown model 'ResNet5'; did you mean ResNet50");
  check_error_prefix(with("hardware", "H10"), "hardware", "unknown hardware 'H10'; did you mean H100");
  check_error(with("precision", "fp6"), "precision",
              "unknown precision 'fp6'; expected one of fp32, tf32, bf16, fp16, fp8, int8, fp4, int4");
}

TEST_CASE("counts must be integers ≥ 1 within their range") {
  check_error(with("batch_size", 0), "batch_size", "must be an integer ≥ 1 (got 0)");
  check_error(with("batch_size", -3), "batch_size", "must be an integer ≥ 1 (got -3)");
  check_error(with("batch_size", 1.5), "batch_size", "must be an integer ≥ 1 (got 1.5)");
  check_error(with("batch_size", 1e30), "batch_size", "must be ≤ 1048576 (got 1e+30)");
  check_error(with("batch_size", "8"), "batch_size", "must be a number (got '8')");
  check_error(with("batch_size", true), "batch_size", "must be a number (got 'true')");
  check_error(with("batch_size", json::array()), "batch_size", "must be a number (got '[]')");
  check_error(with("seq_len", 0), "seq_len", "must be an integer ≥ 1 (got 0)");
  check_error(with("output_len", 1e9), "output_len", "must be ≤ 16777216 (got 1000000000)");
}

TEST_CASE("a precision the device cannot run names the precisions it can") {
  check_error_prefix({{"model", "ResNet50"}, {"hardware", "ESP32_S3"}, {"precision", "fp16"}}, "precision",
                     "hardware 'ESP32_S3' lists no fp16 peak; add precision_flops.fp16 or choose another precision (available:");
}

TEST_CASE("the scenario shape: required fields, types, enums, schema") {
  check_error(json::object(), "model", "is required: a catalog name (e.g. Llama3_70B) or a config.json object");
  check_error({{"model", "ResNet50"}}, "hardware", "is required: a catalog name (e.g. H100) or a device object");
  check_error(with("model", ""), "model", "must be a non-empty name or an object (got '')");
  check_error(with("model", 42), "model", "must be a non-empty name or an object (got '42')");
  check_error(with("mode", "racing"), "mode", "must be one of inference, serving, training (got 'racing')");
  check_error(with("schema", 2), "schema",
              "this simulator reads schema 1 (got 2); a newer link needs a newer version of the page");
  check_error(with("cluster", 3), "cluster", "must be an object");
  check_error(json::array(), "", "a scenario must be a JSON object (got '[]')");
}

TEST_CASE("efficiency and memory parameters are checked against their ranges") {
  check_error(with("efficiency", {{"memory", 1.5}}), "efficiency.memory", "must be in (0, 1] (got 1.5)");
  check_error(with("efficiency", {{"compute", 0}}), "efficiency.compute", "must be in (0, 1] (got 0)");
  check_error(with("efficiency", {{"overhead_s", -1}}), "efficiency.overhead_s", "must be ≥ 0 (got -1)");
  check_error(with("memory", {{"usable_fraction", 2}}), "memory.usable_fraction", "must be in (0, 1] (got 2)");
}

TEST_CASE("inline devices are validated field by field with units") {
  json hw = {{"name", "mine"}, {"peak_flops", {{"fp16", "1 TB/s"}}}, {"memory_capacity", "8 GiB"},
             {"memory_bandwidth", "100 GB/s"}};
  check_error(with("hardware", hw), "hardware.peak_flops.fp16", "expected FLOP/s (got '1 TB/s')");
  hw["peak_flops"]["fp16"] = "10 TFLOP/s";
  hw.erase("memory_bandwidth");
  check_error(with("hardware", hw), "hardware.memory_bandwidth", "is required");
  hw["memory_bandwidth"] = "0 GB/s";
  check_error(with("hardware", hw), "hardware.memory_bandwidth", "must be > 0 (got '0 GB/s')");
  hw["memory_bandwidth"] = 100e9;
  check_error(with("hardware", hw), "hardware.memory_bandwidth", "expected a unit string in B/s (got '100000000000')");
  hw["memory_bandwidth"] = "100 GB/s";
  CHECK(solve_ok(with("hardware", hw))["device"]["name"] == "mine");
}

TEST_CASE("inline config.json models are validated with the key named") {
  json cfg = {{"model_type", "llama"}, {"hidden_size", 4097}, {"num_hidden_layers", 2}, {"num_attention_heads", 32},
              {"intermediate_size", 100}, {"vocab_size", 1000}};
  check_error(with("model", cfg), "model.num_attention_heads",
              "hidden_size=4097 is not divisible by num_attention_heads=32");
  cfg["hidden_size"] = 4096;
  cfg["num_key_value_heads"] = 6;
  check_error(with("model", cfg), "model.num_key_value_heads",
              "num_attention_heads=32 must be a multiple of num_key_value_heads=6");
  cfg.erase("vocab_size");
  cfg["num_key_value_heads"] = 8;
  check_error(with("model", cfg), "model.vocab_size", "is required in the model config");
}

TEST_CASE("parallelism that this workload or version cannot model is an error, not a silent substitute") {
  check_error(with("cluster", {{"tp", 2}}), "cluster.tp",
              "tensor, pipeline, context and expert parallelism are modeled for transformer workloads only; use dp");
  check_error(with("cluster", {{"gpus", 12}, {"dp", 5}}), "cluster.gpus", "tp*pp*dp = 5 does not equal gpus = 12; nearest valid dp: 12 (or leave dp out: it is derived from gpus)");
}

TEST_CASE("malformed text: invalid JSON, deep nesting, oversize; never a crash") {
  auto error_of = [](const std::string& text) { return json::parse(mlsysim::solve_text(text))["error"]; };
  CHECK(error_of("{\"model\": ").at("message").get<std::string>().rfind("invalid JSON", 0) == 0);
  CHECK(error_of("{\"batch_size\": NaN}").at("message").get<std::string>().rfind("invalid JSON", 0) == 0);
  CHECK(error_of(std::string(10000, '[') + std::string(10000, ']'))["message"] ==
        "scenario JSON nests deeper than 64 levels");
  CHECK(error_of(std::string(5u << 20, ' '))["message"].get<std::string>().find("at most") != std::string::npos);
}

TEST_CASE("unknown fields are reported as warnings, not ignored silently") {
  const json r = solve_ok(with("batchsize", 4));
  CHECK(has_warning(r, "UNKNOWN_FIELD"));
  CHECK(r["warnings"][0].get<std::string>().find("did you mean batch_size") != std::string::npos);
}
