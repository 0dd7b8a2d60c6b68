export const id = 229;
export const ids = [229];
export const modules = {

/***/ 19229:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   firstProblem: () => (/* binding */ firstProblem),
/* harmony export */   renderVerifySummary: () => (/* binding */ renderVerifySummary),
/* harmony export */   renderVerifyText: () => (/* binding */ renderVerifyText)
/* harmony export */ });
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(14031);

/** The terminal rendering of `verify`: per step and manifest, reproduced or the first difference. */
function renderVerifyText(result) {
    const lines = [`verify ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .displayText */ .WV)(result.image)}`];
    for (const [i, step] of result.steps.entries()) {
        if (result.steps.length > 1)
            lines.push(`step ${i + 1} (newest first): ${step.digest}`);
        for (const m of step.manifests)
            lines.push(`  ${manifestLine(m)}`);
    }
    if (result.origin)
        lines.push(`from ${result.origin}, the first image layer-rebase did not make`);
    lines.push(result.reproduced ? 'reproduced' : 'not reproduced');
    return `${lines.join('\n')}\n`;
}
function manifestLine(m) {
    const what = m.platform ? `${m.digest} (${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .displayText */ .WV)(m.platform)})` : m.digest;
    return `${what}: ${manifestOutcome(m)}`;
}
/** What was found for one manifest, without naming it: `reproduced: …`, `differs: …`. */
function manifestOutcome(m) {
    if (m.outcome === 'reproduced')
        return `reproduced: the replaced image ${m.replaced ?? '(not recorded)'} + ${m.swaps.length > 0 ? m.swaps.map(_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .displayText */ .WV).join('; ') : 'its re-derived platform manifests'}${m.madeBy ? ` (recorded by ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .displayText */ .WV)(m.madeBy)})` : ''}`;
    if (m.outcome === 'differs')
        return `differs: ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .displayText */ .WV)(m.detail ?? '')}${m.derived ? ` (re-deriving from the recorded patches gives ${m.derived}, not this digest)` : ''}`;
    return `cannot verify: ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .displayText */ .WV)(m.detail ?? '')}`;
}
/** The first manifest that is not reproduced, in one line. */
function firstProblem(result) {
    for (const step of result.steps)
        for (const m of step.manifests)
            if (m.outcome !== 'reproduced')
                return (0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .displayText */ .WV)(manifestLine(m));
    return 'reproduced';
}
/** The job summary of `verify: true`: per image, reproduced or the first difference. */
function renderVerifySummary(results) {
    const lines = ['## layer-rebase verify', ''];
    for (const r of results) {
        lines.push(`- ${r.reproduced ? '✅' : '❌'} ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeCell */ .kq)(r.image)}: ${r.reproduced ? 'reproduced from its recorded patches' : 'not reproduced'}`);
        for (const step of r.steps)
            for (const m of step.manifests)
                lines.push(`  - ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .code */ .aY)(m.digest)}${m.platform ? ` (${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeCell */ .kq)(m.platform)})` : ''}: ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeCell */ .kq)(manifestOutcome(m))}`);
    }
    return `${lines.join('\n')}\n`;
}


/***/ })

};
