import { Module } from '@nestjs/common';
import type { ServiceDefinition } from '@baton/service-runtime';
import { ConsoleController } from './console.controller';

@Module({ controllers: [ConsoleController] })
export class ConsoleModule {}

/** The rep console and lead simulator, served by the embedded process at `/`. */
export const consoleService: ServiceDefinition = { name: 'console', modules: [ConsoleModule] };
