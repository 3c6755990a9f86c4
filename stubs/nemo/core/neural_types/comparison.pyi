# ``nemo.core.neural_types.comparison`` mapped onto ``neuraltypes``.

from neuraltypes._comparison import NeuralTypeComparisonResult as NeuralTypeComparisonResult
