import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Last tracking number issued per year (SW-<year>-<n>), bumped inside the case-creating transaction. */
@Entity('tracking_counters')
export class TrackingCounter {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ type: 'integer' })
  lastValue: number;
}
