# ``nemo.core.neural_types.neural_type`` mapped onto ``neuraltypes``.

from neuraltypes._errors import NeuralTypeError as NeuralTypeError
from neuraltypes._neural_type import NeuralType as NeuralType
