import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/principal.js';
import { CurrentUser, Roles } from '../auth/public.decorator.js';
import { CreateAccountDto, CreateUserDto, RoutingRulesDto, UpdateAccountDto, UpdateOpdDto, UpdateUserDto } from './admin.dto.js';
import { AdminService } from './admin.service.js';
import { ApiErrors } from '../common/openapi/errors.js';
import { itemsSchema, objectSchema } from '../common/openapi/schemas.js';

@ApiTags('admin')
@ApiErrors()
@ApiBearerAuth()
@Controller()
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('opds')
  @ApiOkResponse({ schema: { type: 'array', items: objectSchema('An OPD', { code: { type: 'string' }, name: { type: 'string' }, active: { type: 'boolean' } }) } })
  @ApiOperation({ summary: 'The OPD registry (every role: for filters and re-routing)' })
  opds() {
    return this.admin.listOpds();
  }

  @Patch('opds/:code')
  @ApiOkResponse({ schema: objectSchema('The OPD as changed', { code: { type: 'string' }, name: { type: 'string' }, active: { type: 'boolean' } }) })
  @Roles('admin')
  updateOpd(@Param('code') code: string, @Body() dto: UpdateOpdDto, @CurrentUser() u: Principal) {
    return this.admin.updateOpd(code, dto, u);
  }

  @Get('users')
  @ApiOkResponse({ schema: { type: 'array', items: objectSchema('A user (never the password)', { id: { type: 'string' }, username: { type: 'string' }, displayName: { type: 'string' }, role: { type: 'string' }, opdCodes: { type: 'array', items: { type: 'string' } } }) } })
  @Roles('admin')
  users() {
    return this.admin.listUsers();
  }

  @Post('users')
  @ApiCreatedResponse({ schema: objectSchema('The user created (never the password)', { id: { type: 'string' }, username: { type: 'string' }, role: { type: 'string' } }) })
  @Roles('admin')
  createUser(@Body() dto: CreateUserDto, @CurrentUser() u: Principal) {
    return this.admin.createUser(dto, u);
  }

  @Patch('users/:id')
  @ApiOkResponse({ schema: objectSchema('The user as changed (never the password)', { id: { type: 'string' }, username: { type: 'string' }, role: { type: 'string' } }) })
  @Roles('admin')
  updateUser(@Param('id') id: string, @Body() dto: UpdateUserDto, @CurrentUser() u: Principal) {
    return this.admin.updateUser(id, dto, u);
  }

  @Post('users/:id/sessions/revoke')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ schema: objectSchema('How many sessions were ended', { revoked: { type: 'integer' } }) })
  @ApiOperation({ summary: 'End every session of a user: refresh tokens revoked, open sockets closed within seconds' })
  revokeSessions(@Param('id') id: string, @CurrentUser() u: Principal) {
    return this.admin.revokeSessions(id, u);
  }

  @Get('accounts')
  @ApiOkResponse({ schema: { type: 'array', items: objectSchema('A connector account with its health (tokens are never returned)', { id: { type: 'string' }, platform: { type: 'string' }, handle: { type: 'string' }, state: { type: 'string' } }) } })
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'Connector accounts with their health (tokens are never returned)' })
  accounts() {
    return this.admin.listAccounts();
  }

  @Post('accounts')
  @ApiCreatedResponse({ schema: objectSchema('The account created (tokens are never returned)', { id: { type: 'string' }, platform: { type: 'string' }, handle: { type: 'string' } }) })
  @Roles('admin')
  createAccount(@Body() dto: CreateAccountDto, @CurrentUser() u: Principal) {
    return this.admin.createAccount(dto, u);
  }

  @Patch('accounts/:id')
  @ApiOkResponse({ schema: objectSchema('The account as changed (tokens are never returned)', { id: { type: 'string' }, platform: { type: 'string' }, handle: { type: 'string' } }) })
  @Roles('admin')
  @ApiOperation({ summary: 'Change an account; new credentials re-authorise it' })
  updateAccount(@Param('id') id: string, @Body() dto: UpdateAccountDto, @CurrentUser() u: Principal) {
    return this.admin.updateAccount(id, dto, u);
  }

  @Get('routing-rules')
  @ApiOkResponse({ schema: { type: 'array', items: objectSchema('The keyword rules of one OPD', { opdCode: { type: 'string' }, keywords: { type: 'array', items: { type: 'string' } }, strong: { type: 'array', items: { type: 'string' } } }) } })
  @Roles('admin', 'operator')
  routingRules() {
    return this.admin.listRoutingRules();
  }

  @Put('routing-rules/:opdCode')
  @ApiOkResponse({ schema: objectSchema('The rules as stored', { opdCode: { type: 'string' } }) })
  @Roles('admin')
  @ApiOperation({ summary: 'Replace the keyword rules of an OPD; the router uses them at once' })
  putRoutingRules(@Param('opdCode') opdCode: string, @Body() dto: RoutingRulesDto, @CurrentUser() u: Principal) {
    return this.admin.putRoutingRules(opdCode, dto, u);
  }

  @Get('audit')
  @ApiOkResponse({ schema: itemsSchema('A case action: who, what, when, before/after') })
  @Roles('admin')
  @ApiOperation({ summary: 'Audit trail of every case action, optionally by user' })
  audit(@Query('userId') userId?: string, @Query('before') before?: string) {
    return this.admin.audit(userId, before);
  }
}
