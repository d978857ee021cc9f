// The catalogs (catalogs/*.json), embedded at build time entry by entry; each entry is parsed and
// validated when first used. The same parsers read inline devices and models of a scenario, so
// both obey one set of rules.
#pragma once
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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

// One catalog entry as the build embeds it (cmake/embed_catalogs.cmake): its JSON text, and its
// name and aliases, each followed by '\n', so a lookup reads no JSON.
struct EmbeddedEntry {
  const char* names;
  const char* json;
};
struct EmbeddedCatalog {
  const EmbeddedEntry* entries;
  std::size_t count;
};

// One catalog file's list of entries. Names and aliases are matched without converting any entry
// (built-in files: on the embedded names, parsing only the entry found), so a lookup converts no
// entry but the one it finds.
class CatalogFile {
 public:
  CatalogFile() = default;
  CatalogFile(const EmbeddedCatalog& embedded, const char* file) : embedded_(&embedded), file_(file) {}
  // From a parsed document (throws InputError at `file` if it holds no list `key`).
  CatalogFile(const nlohmann::json& doc, const char* file, const char* key);

  std::size_t size() const { return embedded_ ? embedded_->count : list_.size(); }
  const nlohmann::json& entry(std::size_t i) const;  // parsed on first use (embedded)
  std::string entry_path(std::size_t i) const;       // "catalogs/hardware.json:A100" (or ":[i]")
  // The first entry, in file order, whose name or alias matches case-insensitively; InputError at
  // `path` naming the nearest names otherwise.
  std::size_t find(const std::string& name, const std::string& path, const char* what) const;

 private:
  std::vector<std::string> names(std::size_t i) const;  // name first, then aliases (strings only)
  bool matches(std::size_t i, std::string_view name) const;
  const EmbeddedCatalog* embedded_ = nullptr;
  const char* file_ = "";
  nlohmann::json list_ = nlohmann::json::array();  // the entries of a parsed document
  mutable std::vector<nlohmann::json> parsed_;      // embedded entries, each parsed on first use
};

// A catalog file's entries converted (validated) one by one on first use: a page's first solve
// needs one model and one device, not all of them (issue 5/6, first result).
template <class Entry>
class CatalogTable {
 public:
  using Parse = Entry (*)(const nlohmann::json&, const std::string&);
  CatalogTable() = default;
  CatalogTable(CatalogFile file, Parse parse) : file_(std::move(file)), parse_(parse) {}
  // Lazy: each embedded entry is parsed and converted when it is first asked for.
  CatalogTable(const EmbeddedCatalog& embedded, const char* file, Parse parse)
      : CatalogTable(CatalogFile(embedded, file), parse) {}

  const std::vector<Entry>& all() const {  // every entry, in file order
    for (std::size_t i = 0; i < file_.size(); ++i) at(i);
    return entries_;
  }
  const Entry& find(const std::string& name, const std::string& path, const char* what) const {
    return at(file_.find(name, path, what));
  }

 private:
  const Entry& at(std::size_t i) const {
    if (converted_.empty()) {  // sized once, so references handed out stay valid
      entries_.resize(file_.size());
      converted_.assign(file_.size(), false);
    }
    if (!converted_[i]) {
      entries_[i] = parse_(file_.entry(i), file_.entry_path(i));
      converted_[i] = true;
    }
    return entries_[i];
  }
  CatalogFile file_;
  Parse parse_ = nullptr;
  mutable std::vector<Entry> entries_;
  mutable std::vector<bool> converted_;
};

class Catalog {
 public:
  // The catalog built into the binary (each entry parsed and converted on its first lookup;
  // throws InputError if the entry asked for is invalid). A lookup writes the shared cache behind
  // this const object: one thread only, as the engine runs (wasm, CLI, tests). Threaded callers
  // would have to convert everything first (devices(), models(), ...) or lock.
  static const Catalog& builtin();
  static Catalog from_json(const nlohmann::json& hardware, const nlohmann::json& models,
                           const nlohmann::json& regions, const nlohmann::json& fabrics = nlohmann::json());

  const std::vector<Device>& devices() const { return devices_.all(); }
  const std::vector<ModelEntry>& models() const { return models_.all(); }
  const std::vector<Region>& regions() const { return regions_.all(); }
  const std::vector<Fabric>& fabrics() const { return fabrics_.all(); }

  // Case-insensitive, through aliases; InputError at `path` with the nearest names otherwise.
  const Device& device(const std::string& name, const std::string& path) const;
  const ModelEntry& model(const std::string& name, const std::string& path) const;
  const Region& region(const std::string& name, const std::string& path) const;
  const Fabric& fabric(const std::string& name, const std::string& path) const;

 private:
  CatalogTable<Device> devices_;
  CatalogTable<ModelEntry> models_;
  CatalogTable<Region> regions_;
  CatalogTable<Fabric> fabrics_;
};

// The embedded catalog files (generated at build time from catalogs/).
extern const EmbeddedCatalog kHardwareCatalog;
extern const EmbeddedCatalog kModelsCatalog;
extern const EmbeddedCatalog kRegionsCatalog;
extern const EmbeddedCatalog kFabricsCatalog;

}  // namespace mlsysim
