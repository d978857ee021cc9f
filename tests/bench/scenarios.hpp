// The benchmark scenarios: the same as tests/bench/scenarios.json, which the wasm bench reads.
#pragma once
#include <utility>

namespace mlsysim::bench {
inline constexpr std::pair<const char*, const char*> kScenarios[] = {
    {"resnet50_a100_b1", R"({"model":"ResNet50","hardware":"A100","batch_size":1})"},
    {"llama3_70b_h100_b32", R"({"model":"Llama3_70B","hardware":"H100","batch_size":32,"precision":"bf16"})"},
    {"deepseek_v3_b200_b8", R"({"model":"DeepSeek_V3","hardware":"B200","batch_size":8,"precision":"fp8"})"},
};
}  // namespace mlsysim::bench
