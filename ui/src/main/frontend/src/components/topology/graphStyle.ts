import type cytoscape from 'cytoscape'

/**
 * Cytoscape style of the topology graph: the health ring is the node border (data.ring), the shape comes from
 * the kind (data.shape); edges take the colour of their health (same rules as nodes: amber for a warning, red
 * when critical); path highlighting dims everything off the path.
 */
export function graphStyle(dark: boolean): cytoscape.StylesheetJson {
  const text = dark ? '#dde3ea' : '#1d2430'
  const textBackground = dark ? '#151a21' : '#fbfcfd'
  const fill = dark ? '#2a3442' : '#e8eef7'
  const edge = dark ? '#5b6878' : '#a9b4c2'
  const edgeText = dark ? '#aab4c0' : '#5f6b7a'
  return [
  {
    selector: 'node',
    style: {
      shape: 'data(shape)' as unknown as cytoscape.Css.NodeShape,
      width: 34,
      height: 34,
      'background-color': fill,
      'border-width': 5,
      'border-color': 'data(ring)',
      label: 'data(label)',
      'font-size': 11,
      color: text,
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-wrap': 'wrap',
      'text-max-width': '190px',
      'text-background-color': textBackground,
      'text-background-opacity': 0.85,
      'text-background-padding': '1px',
    },
  },
  { selector: 'node.database', style: { 'background-color': dark ? '#3a2f4a' : '#efe6f7', width: 30, height: 36 } },
  { selector: 'node.messaging', style: { 'background-color': dark ? '#4a3a1e' : '#fff1dc' } },
  { selector: 'node.virtual', style: { 'background-color': dark ? '#2b3038' : '#f0f2f4', 'border-style': 'dashed' } },
  {
    selector: 'node.collapsed',
    style: { width: 46, height: 46, 'border-style': 'double', 'border-width': 7, 'text-wrap': 'wrap', 'font-weight': 'bold' },
  },
  { selector: 'node.selected', style: { 'overlay-color': '#2f6fdb', 'overlay-opacity': 0.18, 'overlay-padding': 6 } },
  {
    selector: 'edge',
    style: {
      width: 2,
      'line-color': edge,
      'target-arrow-color': edge,
      'target-arrow-shape': 'triangle',
      'curve-style': 'bezier',
      label: 'data(label)',
      'font-size': 9,
      color: edgeText,
      'text-rotation': 'autorotate',
      'text-background-color': textBackground,
      'text-background-opacity': 0.9,
      'text-background-padding': '1px',
    },
  },
  { selector: 'edge.health-warning', style: { 'line-color': '#e0a800', 'target-arrow-color': '#e0a800', color: '#8a6100', width: 3 } },
  { selector: 'edge.health-critical', style: { 'line-color': '#d93025', 'target-arrow-color': '#d93025', color: '#d93025', width: 3 } },
  { selector: '.dimmed', style: { opacity: 0.18 } },
  { selector: 'edge.highlighted', style: { width: 4, 'line-color': '#2f6fdb', 'target-arrow-color': '#2f6fdb' } },
  { selector: 'edge.highlighted.health-warning', style: { 'line-color': '#e0a800', 'target-arrow-color': '#e0a800' } },
  { selector: 'edge.highlighted.health-critical', style: { 'line-color': '#d93025', 'target-arrow-color': '#d93025' } },
]
}
