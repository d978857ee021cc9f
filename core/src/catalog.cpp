#include "mlsysim/catalog.hpp"

#include <algorithm>

#include "mlsysim/error.hpp"
#include "mlsysim/json_fields.hpp"
#include "mlsysim/precision.hpp"
#include "mlsysim/text.hpp"

namespace mlsysim {

using nlohmann::json;

namespace {

std::string source_text(const json& j, const std::string& path) {
  const json* s = field(j, "source");
  if (!s) throw InputError(join_path(path, "source"), "is required: every catalog value needs a source");
  if (s->is_string()) return read_label(*s, join_path(path, "source"), 1000);
  if (!s->is_object() || !field(*s, "ref"))
    throw InputError(join_path(path, "source"), "must be a string or an object with 'ref'");
  std::string out = read_string(s->at("ref"), join_path(path, "source.ref"));
  if (const json* url = field(*s, "url")) out += " <" + read_string(*url, join_path(path, "source.url")) + ">";
  return out;
}

std::optional<double> optional_quantity(const json& j, const char* key, const std::string& path,
                                        const Dimension& d) {
  const json* v = field(j, key);
  if (!v) return std::nullopt;
  return read_positive_quantity(*v, join_path(path, key), d);
}

// Upper bounds of device figures that multiply (power, cost, carbon — by up to 2^20 GPUs and
// years) or add per step (latencies): far beyond any real part, low enough that no product
// overflows. Rates and capacities only divide, so they have none.
void at_most(const std::optional<double>& v, double max, const char* key, const std::string& path,
             const char* unit) {
  if (v && *v > max)
    throw InputError(join_path(path, key), "must be ≤ " + format_number(max) + " " + unit + " (got " +
                                               format_number(*v) + " " + unit + ")");
}

std::vector<std::string> read_aliases(const json& j, const std::string& path) {
  std::vector<std::string> out;
  if (const json* a = field(j, "aliases")) {
    if (!a->is_array()) throw InputError(join_path(path, "aliases"), "must be a list of names");
    for (size_t i = 0; i < a->size(); ++i)
      out.push_back(read_string((*a)[i], join_path(path, "aliases[" + std::to_string(i) + "]")));
  }
  return out;
}

std::string required_name(const json& j, const std::string& path) {
  const json* n = field(j, "name");
  if (!n) throw InputError(join_path(path, "name"), "is required");
  std::string name = read_label(*n, join_path(path, "name"));
  if (name.empty()) throw InputError(join_path(path, "name"), "must not be empty");
  return name;
}

bool is_precision_key(const std::string& k) {
  if (k == "fp32_cuda") return true;
  for (const auto& p : precisions())
    if (p.name == k) return true;
  return false;
}

// ASCII case-insensitive equality, without lower-cased copies (a lookup runs on every solve).
bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Catalog devices and fabrics must cite a source (an inline one from a scenario need not).
Device catalog_device(const json& j, const std::string& path) {
  if (!field(j, "source")) throw InputError(path + ".source", "is required");
  return parse_device(j, path);
}
Fabric catalog_fabric(const json& j, const std::string& path) {
  if (!field(j, "source")) throw InputError(path + ".source", "is required");
  return parse_fabric(j, path);
}

// A name as written in an unconverted entry (not a string: nothing to match).
const std::string* raw_name(const json& j) {
  const json* n = j.is_object() ? field(j, "name") : nullptr;
  return n && n->is_string() ? n->get_ptr<const std::string*>() : nullptr;
}

// Calls f on each line of an embedded name list ("name\nalias\n…"); stops when f returns true.
template <class F>
bool any_line(std::string_view lines, F f) {
  for (std::size_t end; (end = lines.find('\n')) != std::string_view::npos; lines.remove_prefix(end + 1))
    if (f(lines.substr(0, end))) return true;
  return false;
}

}  // namespace

Device parse_device(const json& j, const std::string& path) {
  if (!j.is_object()) throw InputError(path, "must be a device name or an object");
  Device d;
  d.name = field(j, "name") ? required_name(j, path) : "custom device";
  d.display_name = field(j, "display_name") ? read_label(j["display_name"], join_path(path, "display_name")) : d.name;
  if (const json* c = field(j, "category")) d.category = read_string(*c, join_path(path, "category"));
  d.aliases = read_aliases(j, path);
  if (const json* n = field(j, "notes")) d.notes = read_string(*n, join_path(path, "notes"));
  if (const json* y = field(j, "release_year"))
    d.release_year = static_cast<int>(read_count(*y, join_path(path, "release_year"), 3000));

  const json* peak = field(j, "peak_flops");
  if (!peak) throw InputError(join_path(path, "peak_flops"), "is required");
  auto read_rates = [&](const json& map, const std::string& map_path) {
    if (!map.is_object()) throw InputError(map_path, "must be an object of precision → FLOP/s");
    for (auto it = map.begin(); it != map.end(); ++it) {
      const std::string key = to_lower(it.key());
      const std::string p = join_path(map_path, it.key());
      if (it->is_null()) continue;
      if (key.size() > 7 && key.ends_with("_sparse")) continue;  // dense model: never used (§A)
      if (!is_precision_key(key))
        throw InputError(p, "unknown precision '" + it.key() + "'; expected one of " + precision_names() +
                                ", fp32_cuda");
      d.precision_flops[key] = read_positive_quantity(*it, p, dim::flop_rate());
    }
  };
  if (peak->is_object()) {
    // Inline form (DESIGN.md §3): peak_flops is the map precision → rate.
    read_rates(*peak, join_path(path, "peak_flops"));
    if (d.precision_flops.empty())
      throw InputError(join_path(path, "peak_flops"), "needs at least one precision");
    d.peak_precision.clear();
  } else {
    d.peak_flops = read_positive_quantity(*peak, join_path(path, "peak_flops"), dim::flop_rate());
    if (const json* pp = field(j, "peak_precision")) {
      d.peak_precision = to_lower(read_string(*pp, join_path(path, "peak_precision")));
      find_precision(d.peak_precision, join_path(path, "peak_precision"));
    }
    if (const json* pf = field(j, "precision_flops")) read_rates(*pf, join_path(path, "precision_flops"));
  }

  const json* cap = field(j, "memory_capacity");
  if (!cap) throw InputError(join_path(path, "memory_capacity"), "is required");
  d.memory_capacity = read_positive_quantity(*cap, join_path(path, "memory_capacity"), dim::bytes());
  d.capacity_text = cap->get<std::string>();
  const json* bw = field(j, "memory_bandwidth");
  if (!bw) throw InputError(join_path(path, "memory_bandwidth"), "is required");
  d.memory_bandwidth = read_positive_quantity(*bw, join_path(path, "memory_bandwidth"), dim::bandwidth());

  if (const json* r = field(j, "memory_reserve")) {  // 0 is real: bare-metal parts have no runtime context
    d.memory_reserve = read_quantity(*r, join_path(path, "memory_reserve"), dim::bytes());
    if (*d.memory_reserve < 0) throw InputError(join_path(path, "memory_reserve"), "must be ≥ 0 (got '" + describe(*r) + "')");
  }
  d.host_link_bandwidth = optional_quantity(j, "host_link_bandwidth", path, dim::bandwidth());
  d.scale_up_bandwidth = optional_quantity(j, "scale_up_bandwidth", path, dim::bandwidth());
  d.scale_up_latency = optional_quantity(j, "scale_up_latency", path, dim::time());
  d.tdp = optional_quantity(j, "tdp", path, dim::power());
  d.unit_cost = optional_quantity(j, "unit_cost", path, dim::money());
  d.dispatch_tax = optional_quantity(j, "dispatch_tax", path, dim::time());
  d.embodied_carbon = optional_quantity(j, "embodied_carbon", path, dim::carbon());
  at_most(d.scale_up_latency, 1, "scale_up_latency", path, "s");
  at_most(d.tdp, 1e15, "tdp", path, "W");
  at_most(d.unit_cost, 1e15, "unit_cost", path, "USD");
  at_most(d.dispatch_tax, 10, "dispatch_tax", path, "s");
  at_most(d.embodied_carbon, 1e15, "embodied_carbon", path, "kgCO2e");
  d.source = field(j, "source") ? source_text(j, path) : "user-supplied device";
  return d;
}

ModelEntry parse_model(const json& j, const std::string& path) {
  if (!j.is_object()) throw InputError(path, "must be a model name or an object");
  ModelEntry m;
  m.name = required_name(j, path);
  m.display_name = field(j, "display_name") ? read_label(j["display_name"], join_path(path, "display_name")) : m.name;
  m.aliases = read_aliases(j, path);
  const json* kind = field(j, "kind");
  if (!kind) throw InputError(join_path(path, "kind"), "is required (decoder, encoder, cnn or generic)");
  m.kind = read_string(*kind, join_path(path, "kind"));
  if (m.kind != "decoder" && m.kind != "encoder" && m.kind != "cnn" && m.kind != "generic")
    throw InputError(join_path(path, "kind"), "must be one of decoder, encoder, cnn, generic (got '" + m.kind + "')");
  if (const json* c = field(j, "config")) {
    if (!c->is_object()) throw InputError(join_path(path, "config"), "must be an object (a config.json)");
    m.config = *c;
  }
  if ((m.kind == "decoder" || m.kind == "encoder") && !m.config.is_object())
    throw InputError(join_path(path, "config"), "is required for a " + m.kind + " (its config.json fields)");
  auto count = [&](const char* key) -> std::optional<double> {
    const json* v = field(j, key);
    if (!v) return std::nullopt;
    return read_positive(*v, join_path(path, key));
  };
  m.parameters = count("parameters");
  m.published_parameters = count("published_parameters");
  m.layers = count("layers");
  m.sequence_length = count("sequence_length");
  m.inference_flops = optional_quantity(j, "inference_flops", path, dim::flops());
  m.activation_size = optional_quantity(j, "activation_size", path, dim::bytes());
  m.model_size = optional_quantity(j, "model_size", path, dim::bytes());
  if (const json* n = field(j, "notes")) m.notes = read_string(*n, join_path(path, "notes"));
  m.source = source_text(j, path);
  return m;
}

Region parse_region(const json& j, const std::string& path) {
  if (!j.is_object()) throw InputError(path, "must be a region name or an object");
  Region r;
  r.name = required_name(j, path);
  r.display_name = field(j, "display_name") ? read_label(j["display_name"], join_path(path, "display_name")) : r.name;
  r.aliases = read_aliases(j, path);
  const json* ci = field(j, "carbon_intensity");
  if (!ci) throw InputError(join_path(path, "carbon_intensity"), "is required");
  r.carbon_intensity = read_quantity(*ci, join_path(path, "carbon_intensity"), dim::carbon_intensity());
  if (r.carbon_intensity < 0) throw InputError(join_path(path, "carbon_intensity"), "must be ≥ 0");
  if (const json* p = field(j, "pue")) {
    r.pue = read_number(*p, join_path(path, "pue"));
    if (r.pue < 1) throw InputError(join_path(path, "pue"), "must be ≥ 1 (got " + format_number(r.pue) + ")");
  }
  if (const json* w = field(j, "wue")) {  // 0 is real: free-air cooling uses no water on site
    r.wue = read_quantity(*w, join_path(path, "wue"), dim::water_intensity());
    if (*r.wue < 0) throw InputError(join_path(path, "wue"), "must be ≥ 0 (got '" + describe(*w) + "')");
  }
  r.price_per_kwh = optional_quantity(j, "price_per_kwh", path, dim::price_per_energy());
  if (const json* y = field(j, "year")) r.year = static_cast<int>(read_count(*y, join_path(path, "year"), 3000));
  r.source = source_text(j, path);
  return r;
}

Fabric parse_fabric(const json& j, const std::string& path) {
  if (!j.is_object()) throw InputError(path, "must be a fabric name or an object {bandwidth, latency, oversubscription}");
  Fabric f;
  f.name = field(j, "name") ? required_name(j, path) : "custom fabric";
  f.display_name = field(j, "display_name") ? read_label(j["display_name"], join_path(path, "display_name")) : f.name;
  f.kind = field(j, "kind") ? read_string(j["kind"], join_path(path, "kind")) : "inline";
  f.aliases = read_aliases(j, path);
  const json* bw = field(j, "bandwidth");
  if (!bw) throw InputError(join_path(path, "bandwidth"), "is required (per direction, e.g. \"50 GB/s\")");
  f.bandwidth = read_quantity(*bw, join_path(path, "bandwidth"), dim::bandwidth());
  if (!(f.bandwidth > 0)) throw InputError(join_path(path, "bandwidth"), "must be > 0");
  if (const json* l = field(j, "latency")) {
    f.latency = read_quantity(*l, join_path(path, "latency"), dim::time());
    if (!(f.latency >= 0)) throw InputError(join_path(path, "latency"), "must be ≥ 0");
    at_most(f.latency, 1, "latency", path, "s");
  }
  if (const json* o = field(j, "oversubscription")) {
    f.oversubscription = read_number(*o, join_path(path, "oversubscription"));
    if (!(f.oversubscription >= 1))
      throw InputError(join_path(path, "oversubscription"), "must be ≥ 1 (got " + format_number(f.oversubscription) + ")");
  }
  f.source = field(j, "source") ? source_text(j, path) : "user-supplied fabric";
  return f;
}

CatalogFile::CatalogFile(const json& doc, const char* file, const char* key) : file_(file) {
  const json* l = field(doc, key);
  if (!l || !l->is_array()) throw InputError(file, std::string("must hold a list '") + key + "'");
  list_ = *l;
}

const json& CatalogFile::entry(std::size_t i) const {
  if (!embedded_) return list_[i];
  if (parsed_.empty()) parsed_.resize(embedded_->count);
  // Parsed from std::string, as scenarios are: one instantiation of nlohmann's parser in the
  // module rather than two (a const char* input is another template, ~9 KB of wasm).
  if (parsed_[i].is_null()) parsed_[i] = parse_json(embedded_->entries[i].json);
  return parsed_[i];
}

std::vector<std::string> CatalogFile::names(std::size_t i) const {
  std::vector<std::string> out;
  if (embedded_) {
    any_line(embedded_->entries[i].names, [&](std::string_view n) {
      out.emplace_back(n);
      return false;
    });
    return out;
  }
  const json& e = list_[i];
  if (const std::string* n = raw_name(e)) out.push_back(*n);
  else return out;
  if (const json* a = field(e, "aliases"); a && a->is_array())
    for (const auto& x : *a)
      if (x.is_string()) out.push_back(x.get<std::string>());
  return out;
}

std::string CatalogFile::entry_path(std::size_t i) const {
  const std::vector<std::string> n = names(i);
  // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on "literal" + string&&.
  std::string path(file_);
  path += ':';
  if (n.empty()) path.append("[").append(std::to_string(i)).append("]");
  else path += n.front();
  return path;
}

bool CatalogFile::matches(std::size_t i, std::string_view name) const {
  if (embedded_)  // a lookup runs on every solve: compare in place, no copies
    return any_line(embedded_->entries[i].names, [&](std::string_view n) { return same_name(n, name); });
  for (const auto& n : names(i))
    if (same_name(n, name)) return true;
  return false;
}

std::size_t CatalogFile::find(const std::string& name, const std::string& path, const char* what) const {
  for (std::size_t i = 0; i < size(); ++i)
    if (matches(i, name)) return i;
  std::vector<std::string> all;
  for (std::size_t i = 0; i < size(); ++i)
    if (const std::vector<std::string> n = names(i); !n.empty()) all.push_back(n.front());
  throw InputError(path, std::string("unknown ") + what + " '" + clip(name) + "'; did you mean " +
                             join(nearest_names(name, all), ", ") + "?");
}

Catalog Catalog::from_json(const json& hardware, const json& models, const json& regions, const json& fabrics) {
  // Every entry converted now: a catalog handed in is checked as a whole.
  Catalog c;
  c.devices_ = CatalogTable<Device>(CatalogFile(hardware, "catalogs/hardware.json", "devices"), catalog_device);
  c.models_ = CatalogTable<ModelEntry>(CatalogFile(models, "catalogs/models.json", "models"), parse_model);
  c.regions_ = CatalogTable<Region>(CatalogFile(regions, "catalogs/regions.json", "regions"), parse_region);
  if (!fabrics.is_null())
    c.fabrics_ = CatalogTable<Fabric>(CatalogFile(fabrics, "catalogs/fabrics.json", "fabrics"), catalog_fabric);
  c.devices();
  c.models();
  c.regions();
  c.fabrics();
  return c;
}

const Catalog& Catalog::builtin() {
  static const Catalog catalog = [] {
    Catalog c;
    c.devices_ = CatalogTable<Device>(kHardwareCatalog, "catalogs/hardware.json", catalog_device);
    c.models_ = CatalogTable<ModelEntry>(kModelsCatalog, "catalogs/models.json", parse_model);
    c.regions_ = CatalogTable<Region>(kRegionsCatalog, "catalogs/regions.json", parse_region);
    c.fabrics_ = CatalogTable<Fabric>(kFabricsCatalog, "catalogs/fabrics.json", catalog_fabric);
    return c;
  }();
  return catalog;
}

const Device& Catalog::device(const std::string& name, const std::string& path) const {
  return devices_.find(name, path, "hardware");
}
const ModelEntry& Catalog::model(const std::string& name, const std::string& path) const {
  return models_.find(name, path, "model");
}
const Fabric& Catalog::fabric(const std::string& name, const std::string& path) const {
  return fabrics_.find(name, path, "fabric");
}
const Region& Catalog::region(const std::string& name, const std::string& path) const {
  return regions_.find(name, path, "region");
}

}  // namespace mlsysim
