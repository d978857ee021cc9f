#include "mlsysim/workload.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "mlsysim/error.hpp"
#include "mlsysim/json_fields.hpp"
#include "mlsysim/text.hpp"

namespace mlsysim {

using nlohmann::json;

const char* kind_name(WorkloadKind k) {
  switch (k) {
    case WorkloadKind::kDecoder: return "decoder";
    case WorkloadKind::kEncoder: return "encoder";
    case WorkloadKind::kCnn: return "cnn";
    case WorkloadKind::kGeneric: return "generic";
  }
  return "generic";
}

namespace {

constexpr double kMaxLayers = 65536;  // far beyond any published model; bounds memory on hostile input
// A generic workload's params, FLOP and bytes per sample: 1e24 is ~10^9 times the largest published
// model; above it, products with batch, time and prices leave the doubles' range (a fuzzer found
// 1e303 FLOP × a batch of 2^20 = infinity).
constexpr double kMaxGenericQuantity = 1e24;

// The first of `keys` present in the config: (value, key) or nullptr.
const json* first_of(const json& cfg, std::initializer_list<const char*> keys, std::string* found = nullptr) {
  for (const char* k : keys)
    if (const json* v = field(cfg, k)) {
      if (found) *found = k;
      return v;
    }
  return nullptr;
}

double count_field(const json& cfg, std::initializer_list<const char*> keys, const std::string& path,
                   bool required) {
  std::string key;
  const json* v = first_of(cfg, keys, &key);
  if (!v) {
    if (required) throw InputError(join_path(path, *keys.begin()), "is required in the model config");
    return 0;
  }
  return static_cast<double>(read_count(*v, join_path(path, key), 1LL << 40));
}

double nonneg_count(const json& cfg, const char* key, const std::string& path) {
  const json* v = field(cfg, key);
  if (!v) return 0;
  const double x = read_number(*v, join_path(path, key));
  if (x < 0 || x != std::floor(x))
    throw InputError(join_path(path, key), "must be an integer ≥ 0 (got " + format_number(x) + ")");
  return x;
}

// A layer index: an integer in [0, kMaxLayers) (a cast of 1e300 to an integer is undefined).
double nonneg_index(const json& j, const std::string& path) {
  const double x = read_number(j, path);
  if (x < 0 || x >= kMaxLayers || x != std::floor(x))
    throw InputError(path, "must be a layer index in [0, " + format_number(kMaxLayers) + ") (got " + format_number(x) + ")");
  return x;
}

bool in(const std::string& s, std::initializer_list<const char*> set) {
  for (const char* x : set)
    if (s == x) return true;
  return false;
}

TransformerArch parse_config(const json& cfg, const std::string& path, std::vector<std::string>& warnings) {
  TransformerArch t;
  if (const json* mt = field(cfg, "model_type")) t.model_type = to_lower(read_string(*mt, join_path(path, "model_type")));
  t.h = count_field(cfg, {"hidden_size", "n_embd", "d_model"}, path, true);
  t.L = count_field(cfg, {"num_hidden_layers", "n_layer", "num_layers"}, path, true);
  if (t.L > kMaxLayers)
    throw InputError(join_path(path, "num_hidden_layers"),
                     "must be ≤ " + format_number(kMaxLayers) + " (got " + format_number(t.L) + ")");
  t.a = count_field(cfg, {"num_attention_heads", "n_head"}, path, true);
  t.k = count_field(cfg, {"num_key_value_heads", "num_kv_heads", "n_head_kv"}, path, false);
  if (t.k == 0) {
    const json* mq = field(cfg, "multi_query");
    t.k = (mq && read_bool(*mq, join_path(path, "multi_query"))) ? 1 : t.a;
  }
  // MLA (DeepSeek-V2/V3): latent KV; no k or d of its own (MODELS.md §C.3).
  t.r_kv = nonneg_count(cfg, "kv_lora_rank", path);
  if (t.mla()) {
    t.r_q = nonneg_count(cfg, "q_lora_rank", path);
    t.d_r = count_field(cfg, {"qk_rope_head_dim"}, path, true);
    t.d_n = count_field(cfg, {"qk_nope_head_dim"}, path, true);
    t.d_v = count_field(cfg, {"v_head_dim"}, path, true);
    t.d = t.d_n + t.d_r;
    t.k = t.a;
  } else {
    t.d = count_field(cfg, {"head_dim"}, path, false);
    if (t.d == 0) {
      if (std::fmod(t.h, t.a) != 0)
        throw InputError(join_path(path, "num_attention_heads"),
                         "hidden_size=" + format_number(t.h) + " is not divisible by num_attention_heads=" +
                             format_number(t.a));
      t.d = t.h / t.a;
    }
    t.d_v = t.d;
    if (std::fmod(t.a, t.k) != 0)
      throw InputError(join_path(path, "num_key_value_heads"),
                       "num_attention_heads=" + format_number(t.a) + " must be a multiple of num_key_value_heads=" +
                           format_number(t.k));
  }
  t.f = count_field(cfg, {"intermediate_size", "n_inner", "ffn_dim"}, path, false);
  if (t.f == 0) {
    t.f = 4 * t.h;
    warnings.push_back("ARCH_ASSUMED: " + join_path(path, "intermediate_size") +
                       " absent; assumed 4·hidden_size = " + format_number(t.f));
  }
  t.V = count_field(cfg, {"vocab_size"}, path, true);

  const std::string& mt = t.model_type;
  const bool gemma = mt.rfind("gemma", 0) == 0;
  if (const json* tie = field(cfg, "tie_word_embeddings"))
    t.tied = read_bool(*tie, join_path(path, "tie_word_embeddings"));
  else
    t.tied = gemma || in(mt, {"gpt2", "bert", "opt", "falcon", "mpt", "bloom"});
  if (gemma || in(mt, {"llama", "mistral", "mixtral", "qwen2", "qwen2_moe", "qwen3", "qwen3_moe", "deepseek_v2",
                       "deepseek_v3", "phi3"})) {
    t.gated = true;
  } else if (in(mt, {"gpt2", "gpt_neox", "opt", "bert", "falcon", "mpt"})) {
    t.gated = false;
  } else {
    std::string act;
    if (const json* ha = first_of(cfg, {"hidden_act", "activation_function"})) act = ha->is_string() ? ha->get<std::string>() : "";
    t.gated = act == "silu" || act == "swish";
    warnings.push_back(std::string("ARCH_ASSUMED: MLP taken as ") + (t.gated ? "gated (3 matrices)" : "non-gated (2 matrices)") +
                       " from hidden_act='" + act + "' of model_type '" + mt + "'");
  }
  const bool bias_default = in(mt, {"gpt2", "bert", "opt"});
  t.biases_attention = bias_default;
  t.biases_mlp = bias_default;
  if (const json* b = field(cfg, "attention_bias")) t.biases_attention = read_bool(*b, join_path(path, "attention_bias"));
  if (const json* b = field(cfg, "mlp_bias")) t.biases_mlp = read_bool(*b, join_path(path, "mlp_bias"));
  t.max_positions = count_field(cfg, {"max_position_embeddings", "n_positions", "n_ctx"}, path, false);
  if (in(mt, {"gpt2", "bert", "opt"})) t.V_pos = t.max_positions;
  if (const json* fl = field(cfg, "flash_attention")) t.flash = read_bool(*fl, join_path(path, "flash_attention"));

  // MoE
  t.E = count_field(cfg, {"num_local_experts", "n_routed_experts", "num_experts"}, path, false);
  if (t.E > 0) {
    t.K_e = count_field(cfg, {"num_experts_per_tok"}, path, true);
    if (t.K_e > t.E)
      throw InputError(join_path(path, "num_experts_per_tok"),
                       "num_experts_per_tok=" + format_number(t.K_e) + " exceeds the number of experts " + format_number(t.E));
    t.f_e = count_field(cfg, {"moe_intermediate_size"}, path, false);
    if (t.f_e == 0) t.f_e = t.f;
    t.E_s = nonneg_count(cfg, "n_shared_experts", path);
    t.f_s = t.f_e;
    if (const json* s = field(cfg, "shared_expert_intermediate_size")) {
      t.f_s = static_cast<double>(read_count(*s, join_path(path, "shared_expert_intermediate_size"), 1LL << 40));
      t.E_s = 1;
    }
  }

  // Per-layer MoE placement and attention windows.
  t.layers.assign(static_cast<size_t>(t.L), LayerSpec{});
  if (t.E > 0) {
    const double first_dense = nonneg_count(cfg, "first_k_dense_replace", path);
    const json* freq_j = field(cfg, "moe_layer_freq");
    const double freq = freq_j ? static_cast<double>(read_count(*freq_j, join_path(path, "moe_layer_freq"))) : 1;
    const json* step_j = field(cfg, "decoder_sparse_step");
    const double step = step_j ? static_cast<double>(read_count(*step_j, join_path(path, "decoder_sparse_step"))) : 0;
    std::set<long long> mlp_only;
    if (const json* m = field(cfg, "mlp_only_layers")) {
      if (!m->is_array()) throw InputError(join_path(path, "mlp_only_layers"), "must be a list of layer indices");
      for (const auto& x : *m) mlp_only.insert(static_cast<long long>(nonneg_index(x, join_path(path, "mlp_only_layers"))));
    }
    for (size_t l = 0; l < t.layers.size(); ++l) {
      const double ld = static_cast<double>(l);
      bool moe = true;
      if (step > 0) moe = std::fmod(ld + 1, step) == 0 && !mlp_only.count(static_cast<long long>(l));
      else moe = ld >= first_dense && std::fmod(ld, freq) == 0;
      t.layers[l].moe = moe;
    }
  }
  double window = 0;
  if (const json* w = field(cfg, "sliding_window")) window = static_cast<double>(read_count(*w, join_path(path, "sliding_window"), 1LL << 40));
  if (const json* lt = field(cfg, "layer_types")) {
    if (!lt->is_array() || lt->size() != t.layers.size())
      throw InputError(join_path(path, "layer_types"), "must be a list of length num_hidden_layers=" + format_number(t.L));
    for (size_t l = 0; l < t.layers.size(); ++l)
      if ((*lt)[l] == "sliding_attention") t.layers[l].window = window;
  } else if (window > 0) {
    if (mt == "gemma2") {
      for (size_t l = 0; l < t.layers.size(); l += 2) t.layers[l].window = window;
    } else if (const json* pat = field(cfg, "sliding_window_pattern")) {
      const double n = static_cast<double>(read_count(*pat, join_path(path, "sliding_window_pattern")));
      for (size_t l = 0; l < t.layers.size(); ++l)
        if (std::fmod(static_cast<double>(l) + 1, n) != 0) t.layers[l].window = window;
    } else if (const json* use = field(cfg, "use_sliding_window")) {
      if (read_bool(*use, join_path(path, "use_sliding_window"))) {
        const json* mw = field(cfg, "max_window_layers");
        const double from = mw ? read_number(*mw, join_path(path, "max_window_layers")) : 0;
        for (size_t l = 0; l < t.layers.size(); ++l)
          if (static_cast<double>(l) >= from) t.layers[l].window = window;
      }
    } else if (in(mt, {"mistral", "mixtral"})) {
      for (auto& layer : t.layers) layer.window = window;
    }
  }
  for (const auto& l : t.layers) {
    auto it = std::find_if(t.groups.begin(), t.groups.end(),
                           [&](const LayerGroup& g) { return g.moe == l.moe && g.window == l.window; });
    if (it == t.groups.end()) t.groups.push_back({l.moe, l.window, 1});
    else it->count += 1;
  }
  return t;
}

double gemm_weights_per_layer(const TransformerArch& t, const LayerGroup& l) {
  double att;
  if (t.mla()) {
    const double p_q = t.r_q > 0 ? t.h * t.r_q + t.r_q * t.a * (t.d_n + t.d_r) : t.h * t.a * (t.d_n + t.d_r);
    const double p_kv = t.h * (t.r_kv + t.d_r) + t.r_kv * t.a * (t.d_n + t.d_v);
    att = p_q + p_kv + t.a * t.d_v * t.h;
  } else {
    att = t.h * t.d * (t.a + 2 * t.k) + t.a * t.d * t.h;
  }
  const double mlp = l.moe ? t.h * t.E + t.K_e * 3 * t.h * t.f_e + t.E_s * 3 * t.h * t.f_s : t.c_m() * t.h * t.f;
  return att + mlp;
}

}  // namespace

double attention_params(const TransformerArch& t) {
  double p;
  if (t.mla()) {
    // MLA latent norms add r_q and r_kv (MODELS.md §B.2).
    const double p_q = t.r_q > 0 ? t.h * t.r_q + t.r_q + t.r_q * t.a * (t.d_n + t.d_r) : t.h * t.a * (t.d_n + t.d_r);
    const double p_kv = t.h * (t.r_kv + t.d_r) + t.r_kv + t.r_kv * t.a * (t.d_n + t.d_v);
    p = p_q + p_kv + t.a * t.d_v * t.h;
  } else {
    p = t.h * t.d * (t.a + 2 * t.k) + t.a * t.d * t.h;
  }
  if (t.biases_attention) p += (t.a + 2 * t.k) * t.d + t.h;
  return p;
}

double mlp_params(const TransformerArch& t, bool moe, bool active) {
  if (moe) {
    const double experts = active ? t.K_e : t.E;
    return t.h * t.E + experts * 3 * t.h * t.f_e + t.E_s * 3 * t.h * t.f_s;
  }
  double p = t.c_m() * t.h * t.f;
  if (t.biases_mlp) p += (t.c_m() - 1) * t.f + t.h;
  return p;
}

double norm_params_per_layer(const TransformerArch& t) {
  return (t.biases_attention || t.biases_mlp) ? 4 * t.h : 2 * t.h;
}

double embedding_params(const TransformerArch& t) { return t.V * t.h * (t.tied ? 1 : 2) + t.V_pos * t.h; }

double total_params(const TransformerArch& t, bool active) {
  double p = 0;
  for (const auto& g : t.groups) p += g.count * (attention_params(t) + mlp_params(t, g.moe, active) + norm_params_per_layer(t));
  const double final_norm = (t.biases_attention || t.biases_mlp) ? 2 * t.h : t.h;
  return p + embedding_params(t) + final_norm;
}

double kv_bytes_per_token_layer(const TransformerArch& t, double b_kv, double n_tp) {
  if (t.mla()) return (t.r_kv + t.d_r) * b_kv;  // latent replicated across TP ranks
  return 2 * std::max(1.0, t.k / n_tp) * t.d * b_kv;
}

double kv_bytes_per_token(const TransformerArch& t, double b_kv) {
  return t.L * kv_bytes_per_token_layer(t, b_kv);
}

double kv_bytes_per_sequence(const TransformerArch& t, double n, double b_kv, double page_tokens, double n_tp) {
  const double paged = std::ceil(n / page_tokens) * page_tokens;
  double total = 0;
  for (const auto& g : t.groups) {
    const double resident = g.window > 0 ? std::min(paged, g.window) : paged;
    total += g.count * kv_bytes_per_token_layer(t, b_kv, n_tp) * resident;
  }
  return total;
}

double attended_keys(double S, double W) {
  if (W <= 0 || W >= S) return S * (S + 1) / 2;
  return W * (W + 1) / 2 + (S - W) * W;
}

double flops_per_token(const TransformerArch& t, double S, bool causal) {
  double f = 2 * t.V * t.h;  // LM head
  for (const auto& g : t.groups) {
    const double keys = causal ? attended_keys(S, g.window) / S : (g.window > 0 ? std::min(S, g.window) : S);
    f += g.count * (2 * gemm_weights_per_layer(t, g) + 2 * t.a * (t.d_qk() + t.d_v) * keys);
  }
  return f;
}

namespace {

void fill_transformer(Workload& w, const TransformerArch& arch) {
  w.arch = arch;
  w.params = total_params(arch, false);
  w.active_params = total_params(arch, true);
  w.layers = arch.L;
}

// MODELS.md §B.6: a catalog transformer without f or V is completed preserving P_total and P_active.
bool fill_gaps(json& cfg, const ModelEntry& e, const std::string& path, std::vector<std::string>& warnings) {
  if (field(cfg, "vocab_size") && field(cfg, "intermediate_size")) return false;
  if (!e.parameters) return false;
  cfg["vocab_size"] = 1;  // placeholder to parse the shape; V = 0 below
  if (!field(cfg, "intermediate_size")) cfg["intermediate_size"] = 1;
  std::vector<std::string> scratch;
  TransformerArch t = parse_config(cfg, path, scratch);
  t.V = 0;
  const double per_layer = *e.parameters / t.L - attention_params(t) - 2 * t.h;
  cfg["intermediate_size"] = std::max(1.0, std::round(per_layer / (3 * t.h)));
  cfg["vocab_size"] = 1;
  warnings.push_back("ARCH_DERIVED: " + e.name + " lacks intermediate_size or vocab_size; derived from " +
                     format_number(*e.parameters) + " parameters (MODELS.md §B.6)");
  return true;
}

}  // namespace

Workload make_workload(const ModelEntry& e, const std::string& path, std::vector<std::string>& warnings) {
  Workload w;
  w.name = e.name;
  w.display_name = e.display_name;
  w.source = e.source;
  if (e.kind == "decoder" || e.kind == "encoder") {
    w.kind = e.kind == "decoder" ? WorkloadKind::kDecoder : WorkloadKind::kEncoder;
    json cfg = e.config;
    const bool derived = fill_gaps(cfg, e, path, warnings);
    TransformerArch arch = parse_config(cfg, path, warnings);
    if (derived) arch.V = 0;  // embedding folded into the MLP (§B.6)
    fill_transformer(w, arch);
    if (e.sequence_length) w.default_seq_len = *e.sequence_length;
    return w;
  }
  w.kind = e.kind == "cnn" ? WorkloadKind::kCnn : WorkloadKind::kGeneric;
  if (e.parameters) w.params = *e.parameters;
  if (e.model_size) w.weight_bytes_fixed = *e.model_size;
  if (!e.parameters && !e.model_size)
    throw InputError(join_path(path, "parameters"), "is required (or model_size) for a " + e.kind + " workload");
  w.active_params = w.params;
  w.flops_per_sample = e.inference_flops ? *e.inference_flops : 2 * w.params;
  w.layers = e.layers ? *e.layers : 1;
  if (e.activation_size) {
    w.activation_bytes = *e.activation_size;
  } else {
    warnings.push_back("ACTIVATIONS_UNKNOWN: " + e.name +
                       " has no activation_size; activation traffic and workspace are counted as 0");
  }
  return w;
}

Workload make_inline_workload(const json& obj, const std::string& path, std::vector<std::string>& warnings) {
  ModelEntry e;
  e.source = "user-supplied model";
  e.name = "custom model";
  if (const json* n = first_of(obj, {"name", "_name_or_path"})) e.name = read_label(*n, join_path(path, "name"));
  e.display_name = e.name;
  const json* type = field(obj, "type");
  if (type && read_string(*type, join_path(path, "type")) == "generic") {
    e.kind = "generic";
    // Field names carry the unit (params, FLOP per sample, bytes per sample): plain numbers or unit strings.
    auto read_named = [&](const char* key, const Dimension& d) -> std::optional<double> {
      const json* v = field(obj, key);
      if (!v) return std::nullopt;
      const double x = v->is_number() ? read_number(*v, join_path(path, key)) : read_quantity(*v, join_path(path, key), d);
      if (!(x > 0)) throw InputError(join_path(path, key), "must be > 0 (got " + describe(*v) + ")");
      if (x > kMaxGenericQuantity)
        throw InputError(join_path(path, key), "must be at most 1e24, beyond any real workload (got " + describe(*v) + ")");
      return x;
    };
    e.parameters = read_named("params", dim::none());
    if (!e.parameters) throw InputError(join_path(path, "params"), "is required for a generic workload");
    e.inference_flops = read_named("flops_per_sample", dim::flops());
    e.activation_size = read_named("activation_bytes_per_sample", dim::bytes());
    if (const json* l = field(obj, "layers")) e.layers = static_cast<double>(read_count(*l, join_path(path, "layers")));
    return make_workload(e, path, warnings);
  }
  if (type) throw InputError(join_path(path, "type"), "must be 'generic' or absent (a config.json)");
  if (!first_of(obj, {"hidden_size", "n_embd", "d_model"}))
    throw InputError(join_path(path, "hidden_size"),
                     "is required: an inline model is a Hugging Face config.json or {\"type\":\"generic\",...}");
  std::string mt;
  if (const json* m = field(obj, "model_type")) mt = to_lower(read_string(*m, join_path(path, "model_type")));
  e.kind = in(mt, {"bert", "roberta", "distilbert", "albert", "electra", "deberta", "deberta-v2", "xlm-roberta"})
               ? "encoder" : "decoder";
  e.config = obj;
  Workload w;
  w.name = e.name;
  w.display_name = e.display_name;
  w.source = e.source;
  w.kind = e.kind == "decoder" ? WorkloadKind::kDecoder : WorkloadKind::kEncoder;
  fill_transformer(w, parse_config(obj, path, warnings));
  return w;
}

}  // namespace mlsysim
