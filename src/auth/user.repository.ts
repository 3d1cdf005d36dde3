import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { User, type Role } from './user.entity.js';

@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private get repo() {
    return this.ds.getRepository(User);
  }

  findByUsernameWithHash(username: string): Promise<User | null> {
    return this.repo.createQueryBuilder('u').addSelect('u.passwordHash').where('lower(u.username) = lower(:username)', { username }).getOne();
  }

  findById(id: string): Promise<User | null> {
    return this.repo.findOneBy({ id });
  }

  countByRole(role: Role): Promise<number> {
    return this.repo.countBy({ role });
  }

  async create(u: Pick<User, 'username' | 'displayName' | 'passwordHash' | 'role' | 'opdCodes'>): Promise<User> {
    return this.repo.save(this.repo.create(u));
  }
}
