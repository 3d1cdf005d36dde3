import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Principal } from '../auth/principal.js';
import type { CaseDetail, ReplyTemplate, ReturnedToTriage } from '../contracts/case.js';
import { CurrentUser } from '../auth/public.decorator.js';
import { RepliesService, type ReplyView } from '../replies/replies.service.js';
import { ReplyTemplates } from '../replies/reply-templates.js';
import { CaseWorkflowService } from './case-workflow.service.js';
import { CasesService } from './cases.service.js';
import { ConfidentialDto, FinishDto, HelpDto, MergeDto, NoteDto, ReasonDto, RejectDto, RelabelDto, ReplyDto, RerouteDto, VersionDto } from './dto/case-actions.dto.js';
import { ApiErrors } from '../common/openapi/errors.js';
import { CaseDetailSchema, objectSchema, ReplyTemplateListSchema, ReturnedToTriageSchema } from '../common/openapi/schemas.js';

@ApiTags('cases')
@ApiErrors()
@ApiExtraModels(CaseDetailSchema, ReturnedToTriageSchema)
@ApiBearerAuth()
@Controller('cases/:id')
export class CaseActionsController {
  constructor(
    private readonly cases: CasesService,
    private readonly replies: RepliesService,
    private readonly workflow: CaseWorkflowService,
    private readonly templates: ReplyTemplates,
  ) {}

  @Get('reply-templates')
  @ApiOkResponse({ type: ReplyTemplateListSchema })
  @ApiOperation({ summary: "Common answers of the case's OPD (and general ones), tracking number and OPD name filled in" })
  async replyTemplates(@Param('id') id: string, @CurrentUser() u: Principal): Promise<{ items: ReplyTemplate[] }> {
    const c = await this.cases.get(id, u); // not found outside the caller's OPDs
    return { items: this.templates.for(c.opd, c.trackingNumber) };
  }

  private async view(id: string, user: Principal) {
    return this.cases.get(id, user);
  }

  @Post('accept')
  @ApiOkResponse({ type: CaseDetailSchema })
  @HttpCode(200)
  @ApiOperation({ summary: 'OPD accepts the case (didisposisikan → diproses)' })
  async accept(@Param('id') id: string, @Body() dto: VersionDto, @CurrentUser() u: Principal) {
    await this.workflow.accept(id, u, dto.version);
    return this.view(id, u);
  }

  @Post('notes')
  @ApiCreatedResponse({ type: CaseDetailSchema })
  @ApiOperation({ summary: 'Internal note, never sent to the citizen' })
  async note(@Param('id') id: string, @Body() dto: NoteDto, @CurrentUser() u: Principal) {
    await this.workflow.note(id, u, dto.text);
    return this.view(id, u);
  }

  @Post('proposals')
  @ApiCreatedResponse({ type: CaseDetailSchema })
  @ApiOperation({ summary: 'Propose an answer to the citizen (collaborating OPD); the owner OPD may send it as its reply' })
  async propose(@Param('id') id: string, @Body() dto: NoteDto, @CurrentUser() u: Principal) {
    await this.workflow.proposeAnswer(id, u, dto.text);
    return this.view(id, u);
  }

  @Post('replies')
  @ApiCreatedResponse({ schema: objectSchema('The reply as queued: id, state (pending until the platform answers), text', { id: { type: 'string' }, state: { type: 'string' }, text: { type: 'string' } }) })
  @ApiOperation({ summary: 'Public reply on the platform the post came from, by the account that received it' })
  reply(@Param('id') id: string, @Body() dto: ReplyDto, @CurrentUser() u: Principal): Promise<ReplyView> {
    return this.replies.reply(id, u, dto.text, dto.version);
  }

  @Post('finish')
  @ApiOkResponse({ type: CaseDetailSchema })
  @HttpCode(200)
  @ApiOperation({ summary: 'OPD has answered (→ menunggu_validasi); Diskominfo checks before closing' })
  async finish(@Param('id') id: string, @Body() dto: FinishDto, @CurrentUser() u: Principal) {
    await this.workflow.finish(id, u, dto.version, dto.summary);
    return this.view(id, u);
  }

  @Post('validate')
  @ApiOkResponse({ type: CaseDetailSchema })
  @HttpCode(200)
  @ApiOperation({ summary: 'Diskominfo confirms the answer is real (→ selesai)' })
  async validate(@Param('id') id: string, @Body() dto: VersionDto, @CurrentUser() u: Principal) {
    await this.workflow.validate(id, u, dto.version);
    return this.view(id, u);
  }

  @Post('return')
  @ApiOkResponse({ type: CaseDetailSchema })
  @HttpCode(200)
  @ApiOperation({ summary: 'Diskominfo sends an unconvincing answer back to the OPD (→ diproses)' })
  async return(@Param('id') id: string, @Body() dto: ReasonDto, @CurrentUser() u: Principal) {
    await this.workflow.returnToOpd(id, u, dto.version, dto.reason);
    return this.view(id, u);
  }

  @Post('reject')
  @ApiOkResponse({ description: 'The case; for OPD staff (bukan kewenangan) only that it went back to triage', schema: { oneOf: [{ $ref: getSchemaPath(CaseDetailSchema) }, { $ref: getSchemaPath(ReturnedToTriageSchema) }] } })
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject with a reason; OPD staff may only return it as not their authority' })
  async reject(@Param('id') id: string, @Body() dto: RejectDto, @CurrentUser() u: Principal): Promise<CaseDetail | ReturnedToTriage> {
    await this.workflow.reject(id, u, dto.version, dto.reason, dto.note);
    return u.role === 'opd' ? { id, returnedToTriage: true } : this.view(id, u);
  }

  @Post('reroute')
  @ApiOkResponse({ type: CaseDetailSchema })
  @HttpCode(200)
  @ApiOperation({ summary: 'Route (or re-route, dialihkan) to another OPD' })
  async reroute(@Param('id') id: string, @Body() dto: RerouteDto, @CurrentUser() u: Principal) {
    await this.workflow.reroute(id, u, dto.version, dto.opdCode, dto.reason);
    return this.view(id, u);
  }

  @Post('relabel')
  @ApiOkResponse({ type: CaseDetailSchema })
  @HttpCode(200)
  @ApiOperation({ summary: 'Correct the intent or sentiment (kept as training data)' })
  async relabel(@Param('id') id: string, @Body() dto: RelabelDto, @CurrentUser() u: Principal) {
    await this.workflow.relabel(id, u, dto.version, { intent: dto.intent, sentiment: dto.sentiment });
    return this.view(id, u);
  }

  @Post('help')
  @ApiOkResponse({ type: CaseDetailSchema })
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask a second OPD to collaborate on the case' })
  async help(@Param('id') id: string, @Body() dto: HelpDto, @CurrentUser() u: Principal) {
    await this.workflow.requestHelp(id, u, dto.opdCode, dto.note);
    return this.view(id, u);
  }

  @Post('merge')
  @ApiOkResponse({ type: CaseDetailSchema, description: 'The case this one was merged into' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge this duplicate into another case' })
  async merge(@Param('id') id: string, @Body() dto: MergeDto, @CurrentUser() u: Principal) {
    const merged = await this.workflow.merge(id, u, dto.version, { id: dto.intoCaseId, trackingNumber: dto.intoTrackingNumber });
    return this.view(merged.mergedIntoId!, u);
  }

  @Post('confidential')
  @ApiOkResponse({ type: CaseDetailSchema })
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark the case rahasia (or public again): the public tracking page and lists leave it out' })
  async confidential(@Param('id') id: string, @Body() dto: ConfidentialDto, @CurrentUser() u: Principal) {
    await this.workflow.setConfidential(id, u, dto.version, dto.confidential, dto.reason);
    return this.view(id, u);
  }

  @Post('reopen')
  @ApiOkResponse({ type: CaseDetailSchema })
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-open a closed case into triage' })
  async reopen(@Param('id') id: string, @Body() dto: ReasonDto, @CurrentUser() u: Principal) {
    await this.workflow.reopen(id, u, dto.version, dto.reason);
    return this.view(id, u);
  }
}
