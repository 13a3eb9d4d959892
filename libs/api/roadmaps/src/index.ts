export * from './lib/dto/roadmap.dto';
export * from './lib/roadmaps.module';
export * from './lib/roadmaps.service';
