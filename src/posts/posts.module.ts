import { Module } from '@nestjs/common';
import { PostRepository } from './post.repository.js';

@Module({ providers: [PostRepository], exports: [PostRepository] })
export class PostsModule {}
