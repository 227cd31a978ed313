// Which class the n-th spawned user gets: the class furthest behind its weighted share, so any number of users
// follows the profile's userMix as closely as whole users allow (Locust 2.x distributes users the same way).
import type { UserClass } from '../profiles/profiles';

export function assignUserClasses(classes: UserClass[], count: number): UserClass[] {
  const totalWeight = classes.reduce((sum, c) => sum + c.weight, 0);
  const assigned = classes.map(() => 0);
  const order: UserClass[] = [];
  for (let n = 1; n <= count; n++) {
    let best = 0;
    for (let i = 1; i < classes.length; i++) {
      const deficit = (c: number) => (classes[c].weight * n) / totalWeight - assigned[c];
      if (deficit(i) > deficit(best)) best = i;
    }
    assigned[best]++;
    order.push(classes[best]);
  }
  return order;
}

/** Requests per second one user of this class offers when the service answers instantly: 1 / mean wait. */
export function offeredRatePerUser(userClass: UserClass, meanResponseSeconds = 0): number {
  const [min, max] = userClass.waitTime;
  return 1 / ((min + max) / 2 + meanResponseSeconds);
}
