// A policy reads rendered objects and returns what breaks its rule, one sentence per problem; [] means it holds.
import { K8sObject } from '../support/manifests';

export type Policy = (objects: K8sObject[]) => string[];
