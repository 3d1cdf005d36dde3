import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/principal.js';
import { CurrentUser, Roles } from '../auth/public.decorator.js';
import { CreateAccountDto, CreateUserDto, RoutingRulesDto, UpdateAccountDto, UpdateOpdDto, UpdateUserDto } from './admin.dto.js';
import { AdminService } from './admin.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller()
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('opds')
  @ApiOperation({ summary: 'The OPD registry (every role: for filters and re-routing)' })
  opds() {
    return this.admin.listOpds();
  }

  @Patch('opds/:code')
  @Roles('admin')
  updateOpd(@Param('code') code: string, @Body() dto: UpdateOpdDto, @CurrentUser() u: Principal) {
    return this.admin.updateOpd(code, dto, u);
  }

  @Get('users')
  @Roles('admin')
  users() {
    return this.admin.listUsers();
  }

  @Post('users')
  @Roles('admin')
  createUser(@Body() dto: CreateUserDto, @CurrentUser() u: Principal) {
    return this.admin.createUser(dto, u);
  }

  @Patch('users/:id')
  @Roles('admin')
  updateUser(@Param('id') id: string, @Body() dto: UpdateUserDto, @CurrentUser() u: Principal) {
    return this.admin.updateUser(id, dto, u);
  }

  @Post('users/:id/sessions/revoke')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'End every session of a user: refresh tokens revoked, open sockets closed within seconds' })
  revokeSessions(@Param('id') id: string, @CurrentUser() u: Principal) {
    return this.admin.revokeSessions(id, u);
  }

  @Get('accounts')
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'Connector accounts with their health (tokens are never returned)' })
  accounts() {
    return this.admin.listAccounts();
  }

  @Post('accounts')
  @Roles('admin')
  createAccount(@Body() dto: CreateAccountDto, @CurrentUser() u: Principal) {
    return this.admin.createAccount(dto, u);
  }

  @Patch('accounts/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change an account; new credentials re-authorise it' })
  updateAccount(@Param('id') id: string, @Body() dto: UpdateAccountDto, @CurrentUser() u: Principal) {
    return this.admin.updateAccount(id, dto, u);
  }

  @Get('routing-rules')
  @Roles('admin', 'operator')
  routingRules() {
    return this.admin.listRoutingRules();
  }

  @Put('routing-rules/:opdCode')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace the keyword rules of an OPD; the router uses them at once' })
  putRoutingRules(@Param('opdCode') opdCode: string, @Body() dto: RoutingRulesDto, @CurrentUser() u: Principal) {
    return this.admin.putRoutingRules(opdCode, dto, u);
  }

  @Get('audit')
  @Roles('admin')
  @ApiOperation({ summary: 'Audit trail of every case action, optionally by user' })
  audit(@Query('userId') userId?: string, @Query('before') before?: string) {
    return this.admin.audit(userId, before);
  }
}
