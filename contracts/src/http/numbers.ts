import { Type, type Static } from '@sinclair/typebox';
import { Vertical } from '../shared';

/** PUT /v1/numbers/{number}: the optional vertical the number serves (KPIs are reported per vertical). */
export const RegisterNumberBody = Type.Object({ vertical: Type.Optional(Vertical) }, { additionalProperties: false });
export type RegisterNumberBody = Static<typeof RegisterNumberBody>;
