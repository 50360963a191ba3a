import * as tf from '@tensorflow/tfjs-core';

export interface CustomOpResult<T extends tf.Tensor> {
  value: T;
  gradFunc: (dy: T, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
}

/** A typed wrapper over tf.customGrad, whose variadic signature mixes tensors and the save function. */
export function customOp<T extends tf.Tensor>(
  arity: number,
  forward: (inputs: tf.Tensor[], save: tf.GradSaveFunc) => CustomOpResult<T>,
): (...inputs: tf.Tensor[]) => T {
  const f = (...args: (tf.Tensor | tf.GradSaveFunc)[]) => forward(args.slice(0, arity) as tf.Tensor[], args[arity] as tf.GradSaveFunc);
  return tf.customGrad(f as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (...inputs: tf.Tensor[]) => T;
}
