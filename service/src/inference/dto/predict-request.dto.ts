import { IRIS_FEATURES, IrisMeasurements } from '../iris-features';
import { Centimetres } from './centimetres.decorator';

const [sepalLength, sepalWidth, petalLength, petalWidth] = IRIS_FEATURES;

/** Body of POST /predict and one element of POST /predict/batch `instances`: four measurements in cm. */
export class PredictRequestDto implements IrisMeasurements {
  @Centimetres(sepalLength.min, sepalLength.max)
  sepal_length!: number;

  @Centimetres(sepalWidth.min, sepalWidth.max)
  sepal_width!: number;

  @Centimetres(petalLength.min, petalLength.max)
  petal_length!: number;

  @Centimetres(petalWidth.min, petalWidth.max)
  petal_width!: number;
}
