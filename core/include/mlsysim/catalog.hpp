// The catalogs (catalogs/*.json), embedded at build time, parsed once and validated entry by entry.
// The same parsers read inline devices and models of a scenario, so both obey one set of rules.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mlsysim {

struct Device {
  std::string name, display_name, category, source, notes;
  std::vector<std::string> aliases;
  double peak_flops = 0;               // FLOP/s at peak_precision
  std::string peak_precision = "fp16"; // what peak_flops denotes (MODELS.md §A)
  std::map<std::string, double> precision_flops;  // dense FLOP/s by precision key
  double memory_capacity = 0;          // B
  std::string capacity_text;           // as written ("80 GiB"): records the vendor's divisor
  double memory_bandwidth = 0;         // B/s
  std::optional<double> memory_reserve;  // runtime context + workspaces; absent: memory.reserve_bytes default
  std::optional<double> host_link_bandwidth, scale_up_bandwidth, scale_up_latency, tdp, unit_cost,
      dispatch_tax, embodied_carbon;
  std::optional<int> release_year;
};

struct ModelEntry {
  std::string name, display_name, kind, source, notes;  // kind: decoder|encoder|cnn|generic
  std::vector<std::string> aliases;
  nlohmann::json config;  // Hugging Face config.json fields (decoder/encoder)
  std::optional<double> parameters, inference_flops, activation_size, model_size,
      published_parameters, sequence_length;
  std::optional<double> layers;
};

struct Region {
  std::string name, display_name, source;
  std::vector<std::string> aliases;
  double carbon_intensity = 0;  // kgCO2e/J
  double pue = 1;
  std::optional<double> wue;            // L/J
  std::optional<double> price_per_kwh;  // USD/J
  std::optional<int> year;
};

// A network fabric (MODELS.md §G, catalogs/fabrics.json): per-direction, per-port bandwidth and
// the one-way latency α of one message step.
struct Fabric {
  std::string name, display_name, kind, source;  // kind: scale_out | scale_up | inline
  std::vector<std::string> aliases;
  double bandwidth = 0;         // B/s per direction per port
  double latency = 0;           // s
  double oversubscription = 1;  // ≥ 1
};

// Parse one entry; `path` prefixes error paths ("hardware", "catalogs/hardware.json:A100").
Device parse_device(const nlohmann::json& j, const std::string& path);
ModelEntry parse_model(const nlohmann::json& j, const std::string& path);
Region parse_region(const nlohmann::json& j, const std::string& path);
// A catalog fabric or an inline {bandwidth, latency, oversubscription} object (§G validation).
Fabric parse_fabric(const nlohmann::json& j, const std::string& path);

class Catalog {
 public:
  // The catalog built into the binary (parsed on first use; throws if a catalog file is invalid).
  static const Catalog& builtin();
  static Catalog from_json(const nlohmann::json& hardware, const nlohmann::json& models,
                           const nlohmann::json& regions, const nlohmann::json& fabrics = nlohmann::json());

  const std::vector<Device>& devices() const { return devices_; }
  const std::vector<ModelEntry>& models() const { return models_; }
  const std::vector<Region>& regions() const { return regions_; }
  const std::vector<Fabric>& fabrics() const { return fabrics_; }

  // Case-insensitive, through aliases; InputError at `path` with the nearest names otherwise.
  const Device& device(const std::string& name, const std::string& path) const;
  const ModelEntry& model(const std::string& name, const std::string& path) const;
  const Region& region(const std::string& name, const std::string& path) const;
  const Fabric& fabric(const std::string& name, const std::string& path) const;

 private:
  std::vector<Device> devices_;
  std::vector<ModelEntry> models_;
  std::vector<Region> regions_;
  std::vector<Fabric> fabrics_;
};

// The JSON text of the embedded catalog files (generated at build time from catalogs/).
extern const char* const kHardwareCatalogJson;
extern const char* const kModelsCatalogJson;
extern const char* const kRegionsCatalogJson;
extern const char* const kFabricsCatalogJson;

}  // namespace mlsysim
