// mlsysim: the native command line (DESIGN.md §3). Thin: parse arguments, call core, print.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "mlsysim/report.hpp"
#include "mlsysim/topology.hpp"

using nlohmann::json;

namespace {

const char* kUsage =
    "usage:\n"
    "  mlsysim solve FILE.json|-            print the Result JSON of a scenario\n"
    "  mlsysim eval MODEL HARDWARE [--batch-size N] [--precision P] [--mode M]\n"
    "               [--seq-len N] [--output-len N] [--tp N] [--dp N] [--zero S]\n"
    "               [--recompute none|selective|full] [--optimizer O] [--json]\n"
    "               [--region R] [--years N] [--arrival-rate X] [--slo-p99 S]\n"
    "               [--gpus N] [--pp N] [--cp N] [--ep N] [--microbatches N]\n"
    "               [--virtual-stages N] [--fabric F] [--gpus-per-node N] [--tokens N]\n"
    "               [--target-days D] [--search]      (training: step time, MFU, reliability)\n"
    "  mlsysim collective OP BYTES GPUS [--hardware H] [--fabric F] [--algorithm A]\n"
    "               [--gpus-per-node N] [--stride N]   e.g. collective all_reduce 1e9 256 --algorithm ring\n"
    "  mlsysim catalog [hardware|models|regions]\n"
    "exit status: 0 ok, 2 invalid input (the error JSON is printed)\n";

int usage_error(const std::string& path, const std::string& message) {
  std::cout << json{{"schema", 1}, {"ok", false}, {"error", {{"path", path}, {"message", message}}}}.dump(2) << "\n";
  std::cerr << kUsage;
  return 2;
}

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string seconds(double s) {
  if (s < 1e-3) return fmt("%.1f µs", s * 1e6);
  if (s < 1) return fmt("%.3f ms", s * 1e3);
  return fmt("%.3f s", s);
}

std::string rate(double v, const std::string& unit) {
  if (v >= 1e6) return fmt("%.3g M", v / 1e6) + unit;
  if (v >= 1e4) return fmt("%.0f ", v) + unit;
  return fmt("%.4g ", v) + unit;
}

// MODELS.md §M: the low–high band the result carries for a headline number, printed after it, or "".
template <class Show>
std::string band(const json& r, const char* path, Show show) {
  const auto bands = r.find("bands");
  if (bands == r.end() || !bands->contains(path)) return "";
  const auto& b = (*bands)[path];
  return "  (band " + show(b[0].get<double>()) + " – " + show(b[1].get<double>()) + ")";
}

// Capacities are binary (MODELS.md §A): the largest binary unit that keeps the number ≥ 1.
std::string gib(double b) {
  if (b >= 1073741824.0) return fmt("%.1f GiB", b / 1073741824.0);
  if (b >= 1048576.0) return fmt("%.2f MiB", b / 1048576.0);
  return fmt("%.1f KiB", b / 1024.0);
}

// Whole units for large amounts ("488643"), 4 significant digits for small ones ("970.7").
std::string amount(double v) { return std::abs(v) >= 1e4 ? fmt("%.0f", v) : fmt("%.4g", v); }

// Issue 4/6: energy (§K), cost (§L) and queueing (§J) rows.
template <class Row>
void print_site_rows(const json& r, const Row& row) {
  const bool tokens = r.contains("serving") || (r.contains("cost") && r["cost"].contains("usd_per_million_tokens"));
  const std::string unit = tokens ? "token" : "sample";
  if (r.contains("energy")) {
    const auto& e = r["energy"];
    const auto& g = e["region"];
    row("power (IT)", amount(e["power_w"].get<double>()) + " W" + fmt(" at busy fraction %.2f", e["busy_fraction"].get<double>()));
    row(("energy per " + unit).c_str(), fmt("%.4g J", e["joules_per_unit"].get<double>()) +
                                            fmt(" IT, %.4g J at the facility", e["joules_per_unit_facility"].get<double>()));
    row("region", g["name"].get<std::string>() + fmt(" (%.0f gCO2e/kWh", g["ci"].get<double>()) +
                      fmt(", PUE %.2f)", g["pue"].get<double>()));
    if (e["scope"] == "run")
      row("carbon of the run", amount(e["carbon_kg"].get<double>()) + " kgCO2e (embodied " +
                                   amount(e["carbon_embodied_kg"].get<double>()) + fmt(" kg), %.4g MWh", e["energy_kwh"].get<double>() / 1e3));
    else
      row("carbon per year", amount(e["carbon_kg_per_year"].get<double>()) + " kgCO2e (embodied " +
                                 amount(e["carbon_embodied_kg_per_year"].get<double>()) + " kg)");
    const auto& regions = e["regions"];
    if (regions.size() > 1)
      row("cleanest / dirtiest", regions.front()["region"].get<std::string>() + " / " +
                                     regions.back()["region"].get<std::string>() +
                                     fmt(": %.1f× the carbon", e["carbon_ratio_max_min"].get<double>()));
  }
  if (r.contains("cost")) {
    const auto& c = r["cost"];
    row("TCO", amount(c["tco_usd"].get<double>()) + " USD" + fmt(" over %g years", c["years"].get<double>()) +
                   " (capex " + amount(c["capex_usd"].get<double>()) + " USD, opex " +
                   amount(c["opex_usd_per_year"].get<double>()) + " USD/year)");
    const std::string per = tokens ? "usd_per_million_tokens" : "usd_per_million_samples";
    if (c.contains(per))
      row(tokens ? "cost per 1M tokens" : "cost per 1M samples",
          fmt("%.3f USD", c[per].get<double>()) + fmt(" (cloud %.3f USD)", c["cloud_" + per].get<double>()));
  }
  if (r.contains("queueing")) {
    const auto& q = r["queueing"];
    row("utilization", fmt("%.3f", q["utilization"].get<double>()) + (q["stable"].get<bool>() ? "" : " (UNSTABLE)"));
    if (q["stable"].get<bool>()) {
      row("p50 response", seconds(q["p50_s"].get<double>()));
      row("p99 response", seconds(q["p99_s"].get<double>()));
    }
    if (q.contains("slo_attainment"))
      row("SLO attainment", fmt("%.1f %%", q["slo_attainment"].get<double>() * 100) +
                                fmt(" within %g s", q["slo_p99_s"].get<double>()));
    if (q.contains("replicas_needed"))
      row("replicas for the SLO", q["replicas_needed"].is_null()
                                      ? std::string("unreachable")
                                      : fmt("%.0f", q["replicas_needed"].get<double>()) +
                                            fmt(" (%.0f GPUs)", q["gpus_needed"].get<double>()));
  }
}

// Mode "training" (MODELS.md §H, §I): the step, its parts, memory and reliability.
int print_training_table(const json& r) {
  const auto& t = r["training"];
  const auto& l = t["layout"];
  const auto& m = r["memory"];
  const auto& rel = r["reliability"];
  auto row = [](const char* k, const std::string& v) { std::printf("  %-24s %s\n", k, v.c_str()); };
  auto n = [](const json& v) { return v.get<double>(); };
  row("layout", fmt("tp=%.0f", n(l["tp"])) + fmt(" pp=%.0f", n(l["pp"])) + fmt(" dp=%.0f", n(l["dp"])) +
                    fmt(" cp=%.0f", n(l["cp"])) + fmt(" ep=%.0f", n(l["ep"])) + fmt(" m=%.0f", n(l["microbatches"])) +
                    fmt(" v=%.0f", n(l["virtual_stages"])) + fmt(" zero=%.0f ", n(l["zero"])) +
                    l["recompute"].get<std::string>() + fmt(" (%.0f GPUs", n(l["gpus"])) + fmt(", %.0f nodes)", n(l["nodes"])));
  row("step time", seconds(n(t["step_time_s"])) + band(r, "training.step_time_s", seconds));
  if (t.contains("tokens_per_s"))
    row("throughput", rate(n(t["tokens_per_s"]), "tokens/s") + " (" + fmt("%.1f", n(t["tokens_per_s_per_gpu"])) + " per GPU)" +
                          band(r, "training.tokens_per_s", [](double v) { return rate(v, "tokens/s"); }));
  else
    row("throughput", rate(n(t["samples_per_s"]), "samples/s"));
  row("MFU / HFU", fmt("%.1f %%", n(t["mfu"]) * 100) + " / " + fmt("%.1f %%", n(t["hfu"]) * 100) +
                      band(r, "training.mfu", [](double v) { return fmt("%.1f %%", v * 100); }));
  row("bubble", fmt("%.3f", n(t["bubble_fraction"])) + " of the pipeline (" + seconds(n(t["bubble_s"])) + ")");
  row("exposed communication", fmt("%.3f", n(t["comm_fraction"])) + " of the step");
  row("scaling efficiency", fmt("%.3f", n(t["scaling_efficiency"])) + " (per-GPU rate / single-GPU ideal)");
  const auto days = [](double s) { return fmt("%.1f days", s / 86400); };
  row("time to train", days(n(t["time_to_train_s"])) + fmt(" (%.1f days with goodput)", n(t["effective_time_to_train_s"]) / 86400) +
                           band(r, "training.time_to_train_s", days));
  if (t.contains("gpus_needed"))
    row("GPUs for deadline", (t["gpus_needed"].is_null() ? std::string("unreachable") : fmt("%.0f", n(t["gpus_needed"]))) +
                                 fmt(" (first-order %.0f)", n(t["gpus_needed_first_order"])));
  row("memory", gib(n(m["required_bytes"])) + " per GPU / " + gib(n(m["capacity_bytes"])) +
                    (m["fits"].get<bool>() ? " (fits)" : " (does NOT fit)"));
  for (const auto& [k, v] : m["breakdown"].items())
    if (v.get<double>() > 0) row(("  " + k).c_str(), gib(v.get<double>()));
  row("fleet MTBF", fmt("%.1f h", n(rel["fleet_mtbf_s"]) / 3600));
  row("checkpoint interval", fmt("%.0f s", n(rel["checkpoint_interval_s"])) + fmt(" (write %.1f s)", n(rel["checkpoint_write_s"])));
  row("goodput", fmt("%.4f", n(rel["goodput"])));
  if (t.contains("search")) {
    const auto& st = t["search_stats"];
    std::printf("  search: %.0f candidates, %.0f feasible, rejected %.0f memory / %.0f divisibility\n", n(st["candidates"]),
                n(st["feasible"]), n(st["rejected"]["memory"]), n(st["rejected"]["divisibility"]));
    for (const auto& e : t["search"])
      std::printf("    tp=%-2.0f pp=%-3.0f dp=%-5.0f cp=%-2.0f ep=%-3.0f m=%-5.0f v=%.0f zero=%.0f %-9s %s  %s\n", n(e["tp"]),
                  n(e["pp"]), n(e["dp"]), n(e["cp"]), n(e["ep"]), n(e["microbatches"]), n(e["virtual_stages"]),
                  n(e["zero"]), e["recompute"].get<std::string>().c_str(), seconds(n(e["step_time_s"])).c_str(),
                  fmt("MFU %.1f %%", n(e["mfu"]) * 100).c_str());
  }
  print_site_rows(r, row);  // issue 4/6: energy and cost of the run
  for (const auto& w : r["warnings"]) std::cout << "  ! " << w.get<std::string>() << "\n";
  return 0;
}

int print_table(const json& r) {
  const auto& m = r["memory"];
  if (r.contains("training")) {
    std::cout << r["workload"]["display_name"].get<std::string>() << " on " << r["device"]["display_name"].get<std::string>()
              << " · " << r["device"]["precision"].get<std::string>() << " · training\n";
    return print_training_table(r);
  }
  std::cout << r["workload"]["display_name"].get<std::string>() << " on " << r["device"]["display_name"].get<std::string>()
            << " · " << r["device"]["precision"].get<std::string>() << " · " << r["mode"].get<std::string>() << "\n";
  auto row = [](const char* k, const std::string& v) { std::printf("  %-22s %s\n", k, v.c_str()); };
  if (!r.contains("performance")) {  // memory-only modes (training until the fleet model lands)
    row("memory", gib(m["required_bytes"].get<double>()) + " per GPU / " + gib(m["capacity_bytes"].get<double>()) +
                      (m["fits"].get<bool>() ? " (fits)" : " (does NOT fit)"));
    for (const auto& [k, v] : m["breakdown"].items())
      if (v.get<double>() > 0) row(("  " + k).c_str(), gib(v.get<double>()));
    for (const auto& w : r["warnings"]) std::cout << "  ! " << w.get<std::string>() << "\n";
    return 0;
  }
  const auto& p = r["performance"];
  std::string bottleneck = p["bottleneck"].get<std::string>() + "-bound (" +
                           fmt("%.0f", p["compute_bound_time_fraction"].get<double>() * 100) +
                           "% of kernel time in compute-bound operators)";
  if (p["overhead_fraction"].get<double>() > 0.5) bottleneck += ", overhead-dominated";
  row("bottleneck", bottleneck);
  const std::string unit = p["throughput_unit"].get<std::string>();
  const auto percent = [](double v) { return fmt("%.1f %%", v * 100); };
  row("latency", seconds(p["latency_s"].get<double>()) + band(r, "performance.latency_s", seconds));
  row("throughput", rate(p["throughput_per_s"].get<double>(), unit) +
                        band(r, "performance.throughput_per_s", [&](double v) { return rate(v, unit); }));
  row("MFU", percent(p["mfu"].get<double>()) + band(r, "performance.mfu", percent));
  row("memory", gib(m["required_bytes"].get<double>()) + " used / " + gib(m["capacity_bytes"].get<double>()) +
                    (m["fits"].get<bool>() ? " (fits)" : " (does NOT fit)"));
  row("arithmetic intensity", fmt("%.1f FLOP/B", p["arithmetic_intensity"].get<double>()) + " vs ridge " +
                                  fmt("%.1f FLOP/B", p["ridge_point"].get<double>()) + " (peak ridge " +
                                  fmt("%.1f", p["ridge_point_peak"].get<double>()) + ")");
  if (r.contains("serving")) {
    const auto& s = r["serving"];
    row("time to first token", seconds(s["ttft_s"].get<double>()) + band(r, "serving.ttft_s", seconds));
    row("time per output token", seconds(s["itl_s"].get<double>()) + band(r, "serving.itl_s", seconds));
    row("KV cache per token", fmt("%.0f KiB", s["kv_cache_bytes_per_token"].get<double>() / 1024));
  }
  print_site_rows(r, row);
  for (const auto& w : r["warnings"]) std::cout << "  ! " << w.get<std::string>() << "\n";
  return 0;
}

int cmd_solve(const std::vector<std::string>& args) {
  if (args.size() != 1) return usage_error("", "solve takes one FILE (or - for stdin)");
  std::stringstream buf;
  if (args[0] == "-") {
    buf << std::cin.rdbuf();
  } else {
    std::ifstream in(args[0]);
    if (!in) return usage_error("", "cannot read '" + args[0] + "'");
    buf << in.rdbuf();
  }
  const json r = json::parse(mlsysim::solve_text(buf.str()));
  std::cout << r.dump(2) << "\n";
  return r["ok"].get<bool>() ? 0 : 2;
}

int cmd_eval(const std::vector<std::string>& args) {
  json scenario = {{"schema", 1}};
  std::vector<std::string> positional;
  bool as_json = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* flag) -> std::string {
      if (i + 1 >= args.size()) throw std::runtime_error(std::string(flag) + " needs a value");
      return args[++i];
    };
    auto number = [&](const char* flag) -> json {
      const std::string v = value(flag);
      try {
        size_t used = 0;
        const double x = std::stod(v, &used);
        if (used != v.size()) throw std::invalid_argument(v);
        return x;
      } catch (const std::exception&) {
        return v;  // the core reports "must be a number (got 'abc')" with the field path
      }
    };
    if (a == "--json") as_json = true;
    else if (a == "--batch-size") scenario["batch_size"] = number("--batch-size");
    else if (a == "--precision") scenario["precision"] = value("--precision");
    else if (a == "--mode") scenario["mode"] = value("--mode");
    else if (a == "--seq-len") scenario["seq_len"] = number("--seq-len");
    else if (a == "--output-len") scenario["output_len"] = number("--output-len");
    else if (a == "--tp") scenario["cluster"]["tp"] = number("--tp");
    else if (a == "--dp") scenario["cluster"]["dp"] = number("--dp");
    else if (a == "--zero") scenario["cluster"]["zero"] = number("--zero");
    else if (a == "--recompute") scenario["cluster"]["recompute"] = value("--recompute");
    else if (a == "--optimizer") scenario["training"]["optimizer"] = value("--optimizer");
    else if (a == "--region") scenario["site"]["region"] = value("--region");  // issue 4/6
    else if (a == "--years") scenario["site"]["years"] = number("--years");
    else if (a == "--arrival-rate") scenario["traffic"]["arrival_rate"] = number("--arrival-rate");
    else if (a == "--slo-p99") scenario["traffic"]["slo_p99_s"] = number("--slo-p99");
    else if (a == "--gpus") scenario["cluster"]["gpus"] = number("--gpus");
    else if (a == "--pp") scenario["cluster"]["pp"] = number("--pp");
    else if (a == "--cp") scenario["cluster"]["cp"] = number("--cp");
    else if (a == "--ep") scenario["cluster"]["ep"] = number("--ep");
    else if (a == "--microbatches") scenario["cluster"]["microbatches"] = number("--microbatches");
    else if (a == "--virtual-stages") scenario["cluster"]["virtual_stages"] = number("--virtual-stages");
    else if (a == "--gpus-per-node") scenario["cluster"]["gpus_per_node"] = number("--gpus-per-node");
    else if (a == "--fabric") scenario["cluster"]["fabric"] = value("--fabric");
    else if (a == "--tokens") scenario["training"]["tokens"] = number("--tokens");
    else if (a == "--target-days") scenario["training"]["target_days"] = number("--target-days");
    else if (a == "--search") scenario["training"]["search"] = true;
    else if (a.rfind("--", 0) == 0) return usage_error("", "unknown option '" + a + "'");
    else positional.push_back(a);
  }
  if (positional.size() != 2) return usage_error("", "eval takes MODEL and HARDWARE");
  scenario["model"] = positional[0];
  scenario["hardware"] = positional[1];
  const json r = mlsysim::solve(scenario);
  if (as_json || !r["ok"].get<bool>()) {
    std::cout << r.dump(2) << "\n";
    return r["ok"].get<bool>() ? 0 : 2;
  }
  return print_table(r);
}

// One collective on its own (MODELS.md §G): "ring all-reduce on 256 GPUs".
int cmd_collective(const std::vector<std::string>& args) {
  json req = json::object();
  std::vector<std::string> positional;
  bool as_json = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw std::runtime_error(a + " needs a value");
      return args[++i];
    };
    if (a == "--json") as_json = true;
    else if (a == "--hardware") req["hardware"] = value();
    else if (a == "--fabric") req["fabric"] = value();
    else if (a == "--algorithm") req["algorithm"] = value();
    else if (a == "--gpus-per-node") req["gpus_per_node"] = std::stod(value());
    else if (a == "--nics-per-node") req["nics_per_node"] = std::stod(value());
    else if (a == "--stride") req["stride"] = std::stod(value());
    else if (a.rfind("--", 0) == 0) return usage_error("", "unknown option '" + a + "'");
    else positional.push_back(a);
  }
  if (positional.size() != 3) return usage_error("", "collective takes OP BYTES GPUS");
  req["op"] = positional[0];
  try {
    req["bytes"] = std::stod(positional[1]);
  } catch (const std::exception&) {
    req["bytes"] = positional[1];  // a unit string ("1 GB")
  }
  req["gpus"] = std::stod(positional[2]);
  const json r = mlsysim::collective(req);
  if (as_json || !r["ok"].get<bool>()) {
    std::cout << r.dump(2) << "\n";
    return r["ok"].get<bool>() ? 0 : 2;
  }
  const auto& c = r["collective"];
  std::printf("%s of %s on %.0f GPUs (%.0f per node over %.0f nodes) · %s · %s\n", c["op"].get<std::string>().c_str(),
              gib(c["bytes"].get<double>()).c_str(), c["gpus"].get<double>(), c["n_loc"].get<double>(),
              c["n_nod"].get<double>(), c["hardware"].get<std::string>().c_str(), c["fabric"].get<std::string>().c_str());
  std::printf("  %-22s %s\n", "time", seconds(c["time_s"].get<double>()).c_str());
  std::string algo = c["algorithm"].get<std::string>() + " (" + c["level"].get<std::string>() + ")";
  if (!c["inter_algorithm"].get<std::string>().empty()) algo += ", " + c["inter_algorithm"].get<std::string>() + " between nodes";
  std::printf("  %-22s %s\n", "algorithm", algo.c_str());
  std::printf("  %-22s %s\n", "bus bandwidth", fmt("%.1f GB/s", c["busbw_Bps"].get<double>() / 1e9).c_str());
  if (c.contains("alternatives"))
    for (const auto& [k, v] : c["alternatives"].items())
      std::printf("  %-22s %s\n", ("  " + k.substr(0, k.size() - 2)).c_str(), seconds(v.get<double>()).c_str());
  return 0;
}

int cmd_catalog(const std::vector<std::string>& args) {
  const json c = mlsysim::catalog_summary();
  if (!c["ok"].get<bool>()) {
    std::cout << c.dump(2) << "\n";
    return 2;
  }
  std::vector<std::string> sections = {"hardware", "models", "regions"};
  if (!args.empty()) {
    if (args.size() > 1 || (args[0] != "hardware" && args[0] != "models" && args[0] != "regions"))
      return usage_error("", "catalog takes one of hardware, models, regions");
    sections = {args[0]};
  }
  for (const auto& sec : sections) {
    std::cout << sec << " (" << c[sec].size() << ")\n";
    for (const auto& e : c[sec]) {
      std::string detail;
      if (sec == "hardware")
        detail = e["category"].get<std::string>() + ", " + fmt("%.4g TFLOP/s", e["peak_flops"].get<double>() / 1e12) +
                 " " + e["peak_precision"].get<std::string>() + ", " + e["memory_capacity_text"].get<std::string>() + ", " +
                 fmt("%.4g GB/s", e["memory_bandwidth"].get<double>() / 1e9);
      else if (sec == "models")
        detail = e["kind"].get<std::string>() + (e.contains("params") ? fmt(", %.4g B params", e["params"].get<double>() / 1e9) : "");
      else
        detail = fmt("%.0f gCO2e/kWh", e["carbon_intensity_g_per_kwh"].get<double>()) + fmt(", PUE %.2f", e["pue"].get<double>());
      std::printf("  %-28s %s\n", e["name"].get<std::string>().c_str(), detail.c_str());
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  const std::string cmd = args[0];
  args.erase(args.begin());
  try {
    if (cmd == "solve") return cmd_solve(args);
    if (cmd == "eval") return cmd_eval(args);
    if (cmd == "catalog") return cmd_catalog(args);
    if (cmd == "collective") return cmd_collective(args);
  } catch (const std::exception& e) {
    return usage_error("", e.what());
  }
  return usage_error("", "unknown command '" + cmd + "'");
}
