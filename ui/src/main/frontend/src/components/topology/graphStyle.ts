import type cytoscape from 'cytoscape'

/**
 * Cytoscape style of the topology graph: the health ring is the node border (data.ring), the shape comes from
 * the kind (data.shape); failing edges are red; path highlighting dims everything off the path.
 */
export const graphStyle: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      shape: 'data(shape)' as unknown as cytoscape.Css.NodeShape,
      width: 34,
      height: 34,
      'background-color': '#e8eef7',
      'border-width': 5,
      'border-color': 'data(ring)',
      label: 'data(label)',
      'font-size': 11,
      color: '#1d2430',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-wrap': 'ellipsis',
      'text-max-width': '150px',
      'text-background-color': '#fbfcfd',
      'text-background-opacity': 0.85,
      'text-background-padding': '1px',
    },
  },
  { selector: 'node.database', style: { 'background-color': '#efe6f7', width: 30, height: 36 } },
  { selector: 'node.messaging', style: { 'background-color': '#fff1dc' } },
  { selector: 'node.virtual', style: { 'background-color': '#f0f2f4', 'border-style': 'dashed' } },
  {
    selector: 'node.collapsed',
    style: { width: 46, height: 46, 'border-style': 'double', 'border-width': 7, 'text-wrap': 'wrap', 'font-weight': 'bold' },
  },
  { selector: 'node.selected', style: { 'overlay-color': '#2f6fdb', 'overlay-opacity': 0.18, 'overlay-padding': 6 } },
  {
    selector: 'edge',
    style: {
      width: 2,
      'line-color': '#a9b4c2',
      'target-arrow-color': '#a9b4c2',
      'target-arrow-shape': 'triangle',
      'curve-style': 'bezier',
      label: 'data(label)',
      'font-size': 9,
      color: '#5f6b7a',
      'text-rotation': 'autorotate',
      'text-background-color': '#fbfcfd',
      'text-background-opacity': 0.9,
      'text-background-padding': '1px',
    },
  },
  { selector: 'edge.failing', style: { 'line-color': '#d93025', 'target-arrow-color': '#d93025', color: '#d93025' } },
  { selector: '.dimmed', style: { opacity: 0.18 } },
  { selector: 'edge.highlighted', style: { width: 4, 'line-color': '#2f6fdb', 'target-arrow-color': '#2f6fdb' } },
  { selector: 'edge.highlighted.failing', style: { 'line-color': '#d93025', 'target-arrow-color': '#d93025' } },
]
