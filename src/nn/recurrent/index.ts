// The recurrent layers and cells, re-exported by the nn namespace.

export { RNN, LSTM, GRU } from './rnn.js';
export type { RNNOptions, RecurrentInputs, LSTMInputs } from './rnn.js';
export { RNNBase } from './rnn-base.js';
export type { RecurrentOptions, RecurrentForwardOptions } from './rnn-base.js';
export { RNNCell, LSTMCell, GRUCell, RNNCellBase } from './cells.js';
export type { RNNCellOptions, ElmanCellOptions } from './cells.js';
export type { RecurrentMode } from './cell-math.js';
