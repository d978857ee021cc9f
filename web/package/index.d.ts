// Types of the MLSys·im engine (DESIGN.md §3 "Scenario JSON", "Result JSON", "JavaScript (wasm)").
// Every value is SI: seconds, bytes, FLOP, FLOP/s, B/s, W, kWh, kg CO2e, litres, USD. A section that
// does not apply is absent (never zero-filled); a field whose input is absent is omitted (never null).

export type Mode = 'inference' | 'serving' | 'training';
export type Precision = 'fp32' | 'tf32' | 'bf16' | 'fp16' | 'fp8' | 'int8' | 'fp4' | 'int4';
/** A catalog name ('Llama3_70B', 'H100'; case-insensitive, aliases accepted) or an inline object. */
export type Name = string;

/** A Hugging Face config.json as published (any other keys are reported as UNKNOWN_FIELD warnings). */
export interface HFConfig {
  name?: string;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  num_key_value_heads?: number;
  head_dim?: number;
  intermediate_size?: number;
  vocab_size?: number;
  num_local_experts?: number;
  n_routed_experts?: number;
  num_experts_per_tok?: number;
  kv_lora_rank?: number;
  sliding_window?: number | null;
  tie_word_embeddings?: boolean;
  max_position_embeddings?: number;
  [key: string]: unknown;
}

export interface GenericWorkload {
  type: 'generic';
  name?: string;
  params: number | string;
  flops_per_sample: number | string;
  activation_bytes_per_sample?: number | string;
}

/** An inline device; quantities are unit strings ("3.35 TB/s", "80 GiB", "989 TFLOP/s"). */
export interface InlineDevice {
  name: string;
  peak_flops: Partial<Record<Precision, string | number>>;
  memory_capacity: string | number;
  memory_bandwidth: string | number;
  tdp?: string | number;
  scale_up_bandwidth?: string | number;
  scale_out_bandwidth?: string | number;
  unit_cost?: string | number;
}

export interface Cluster {
  gpus?: number; gpus_per_node?: number; tp?: number; pp?: number; dp?: number; ep?: number; cp?: number;
  microbatches?: number; virtual_stages?: number; zero?: 0 | 1 | 2 | 3; recompute?: 'none' | 'selective' | 'full'; fabric?: string;
}

export interface Scenario {
  schema?: 1;
  model: Name | HFConfig | GenericWorkload;
  hardware: Name | InlineDevice;
  mode?: Mode;
  precision?: Precision;
  batch_size?: number;
  seq_len?: number;
  output_len?: number;
  cluster?: Cluster;
  training?: { tokens: number } | { target_days: number };
  traffic?: { arrival_rate: number; slo_p99_s?: number };
  site?: { region?: string; pue?: number; wue?: number; price_per_kwh?: number; years?: number; utilization?: number };
  efficiency?: { compute?: number; memory?: number; network?: number; overhead_s?: number; [key: string]: number | undefined };
  /** "summary" leaves out explain, per-operator tables, curves and region lists (README "Result detail"). */
  detail?: 'full' | 'summary';
  [key: string]: unknown;
}

export type Bottleneck = 'memory' | 'compute' | 'communication';

export interface SweepPoint {
  batch: number; latency_s: number; throughput_per_s: number; arithmetic_intensity: number;
  flops?: number; bytes?: number; bottleneck: Bottleneck; compute_bound?: boolean; fits?: boolean;
  ttft_s?: number; itl_s?: number;
}

export interface Phase {
  time_s: number; arithmetic_intensity: number; bottleneck: Bottleneck; flops?: number; bytes?: number; t_comm_s?: number;
}

export interface Performance {
  bottleneck: Bottleneck;
  compute_bound_time_fraction?: number;
  latency_s: number;
  throughput_per_s: number;
  throughput_unit?: string;
  scope?: string;
  mfu: number;
  hfu?: number;
  arithmetic_intensity: number;
  ridge_point: number;
  ridge_point_peak?: number;
  effective_flops?: number;
  effective_bandwidth?: number;
  t_compute_s: number;
  t_memory_s: number;
  t_comm_s?: number;
  overhead_s?: number;
  overhead_fraction?: number;
  flops?: number;
  bytes?: number;
  crossover_batch?: number;
  phases?: { prefill?: Phase; decode?: Phase; [key: string]: Phase | undefined };
  operators?: unknown;
  sweep?: SweepPoint[];
}

export interface Memory {
  required_bytes: number;
  capacity_bytes: number;
  usable_bytes?: number;
  fits: boolean;
  max_batch?: number;
  breakdown: { weights?: number; gradients?: number; optimizer?: number; activations?: number; kv_cache?: number;
    workspace?: number; logits?: number; reserve?: number; [key: string]: number | undefined };
}

export interface Serving {
  ttft_s: number; itl_s: number; request_latency_s: number; tokens_per_s: number; tokens_per_s_per_gpu?: number;
  prefill_s?: number; decode_step_s?: number; kv_cache_bytes_per_token: number; kv_cache_bytes_per_seq?: number;
  kv_utilization?: number; max_batch: number; spec_tokens_per_step?: number;
}

export interface Training {
  step_time_s?: number; tokens_per_s?: number; mfu?: number; bubble_fraction?: number; comm_fraction?: number;
  scaling_efficiency?: number; time_to_train_s?: number; gpus_needed?: number;
}
export interface Energy { power_w: number; energy_kwh: number; carbon_kg: number; water_l: number }
export interface Cost { capex_usd: number; opex_usd_per_year: number; tco_usd: number; usd_per_million_tokens?: number }
export interface Reliability { fleet_mtbf_s: number; checkpoint_interval_s: number; goodput: number }
export interface Queueing { utilization: number; p50_s: number; p99_s: number; slo_attainment?: number }

export interface Explain {
  quantity: string;
  equation: string;
  inputs: Record<string, unknown>;
  source?: string;
  sources?: Record<string, string>;
}

export interface Result {
  schema: 1;
  ok: true;
  mode?: Mode;
  workload: { name: string; display_name?: string; kind?: string; params: number; active_params?: number; layers?: number;
    flops_per_sample?: number; kv_cache_bytes_per_token?: number; [key: string]: unknown };
  device: { name: string; display_name?: string; precision?: Precision; peak_flops: number; memory_bandwidth: number;
    memory_capacity: number; [key: string]: unknown };
  performance?: Performance;
  memory?: Memory;
  serving?: Serving;
  training?: Training;
  energy?: Energy;
  cost?: Cost;
  reliability?: Reliability;
  queueing?: Queueing;
  quantization?: unknown;
  explain: Explain[];
  warnings: string[];
}

/** Bad input never throws: it answers with the field at fault and a message. */
export interface ErrorResult {
  schema: 1;
  ok: false;
  error: { path: string; message: string };
}

export type SweepField = 'batch_size' | 'seq_len' | 'output_len' | 'precision' | string;

export interface Sweep {
  ok: true;
  field: string;
  values: Float64Array;
  latency_s: Float64Array;
  throughput_per_s: Float64Array;
  arithmetic_intensity: Float64Array;
  compute_bound: Uint8Array;
  fits: Uint8Array;
  ttft_s?: Float64Array;
  itl_s?: Float64Array;
  tokens_per_s?: Float64Array;
}

/** A grid over two fields: flat row-major arrays, index = i_x · values_y.length + i_y. */
export interface Sweep2D {
  ok: true;
  field_x: string;
  field_y: string;
  values_x: Float64Array;
  values_y: Float64Array;
  latency_s: Float64Array;
  fits: Uint8Array;
  ttft_s?: Float64Array;
  itl_s?: Float64Array;
  tokens_per_s?: Float64Array;
  throughput_per_s?: Float64Array;
  arithmetic_intensity?: Float64Array;
  compute_bound?: Uint8Array;
}

export interface Catalog {
  hardware: Array<{ name: string; display_name?: string; category?: string; aliases?: string[]; precisions?: Precision[]; [key: string]: unknown }>;
  models: Array<{ name: string; display_name?: string; kind?: string; [key: string]: unknown }>;
  precisions?: Precision[];
  modes?: Mode[];
  [key: string]: unknown;
}

export interface Mlsysim {
  solve(scenario: Scenario | string): Result | ErrorResult;
  catalog(): Catalog;
  sweep(scenario: Scenario | string, field: SweepField, values: ArrayLike<number> | ArrayLike<string>): Sweep | ErrorResult;
  sweep2d(scenario: Scenario | string, fieldX: SweepField, valuesX: ArrayLike<number>, fieldY: SweepField,
    valuesY: ArrayLike<number>): Sweep2D | ErrorResult;
}

/** Emscripten module options; in Node the .wasm beside the module is read automatically. */
export interface CreateOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
  [key: string]: unknown;
}

export function createMlsysim(options?: CreateOptions): Promise<Mlsysim>;
