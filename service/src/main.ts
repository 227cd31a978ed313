import './app/compile-cache';
import { bootstrap } from './bootstrap';

void bootstrap();
