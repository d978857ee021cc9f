// The engine's catalog() lists no fabrics (yet): the names of catalogs/fabrics.json. A name the
// engine does not know still reaches it (from a URL), and its error suggests the right one.
// Used by the training inputs (fleet-inputs.js) and the collectives calculator.
export const FABRICS = [
  ['InfiniBand_HDR', 'InfiniBand HDR (200 Gb/s)'], ['InfiniBand_NDR', 'InfiniBand NDR (400 Gb/s)'],
  ['InfiniBand_XDR', 'InfiniBand XDR (800 Gb/s)'], ['InfiniBand_GXDR', 'InfiniBand GXDR (1.6 Tb/s)'],
  ['RoCE_100G', 'RoCE v2 100 GbE'], ['RoCE_400G', 'RoCE v2 400 GbE'],
  ['Ethernet_10G', '10 GbE (TCP)'], ['Ethernet_100G', '100 GbE (TCP)'], ['Ethernet_400G', '400 GbE (TCP)'],
  ['Ethernet_800G', '800 GbE (TCP)'], ['Ethernet_1P6T', '1.6 TbE (TCP)'],
];
